package kr.kdid.issuer.http;

import io.javalin.http.Context;

/** Small server-rendered pages: every dynamic value goes through {@link #esc}. */
final class Html {
  private Html() {}

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The banner every page of the test identity provider shows. */
  static final String TEST_IDP_BANNER =
      "<p class=\"test\"><strong>시험용 본인확인 서비스 · TEST identity provider</strong><br>"
          + "정부 본인확인 서비스를 대신하는 시험용입니다. 실제 개인정보나 비밀번호를 입력하지 마세요.<br>"
          + "This stands in for the government sign-in service for testing. Do not enter real"
          + " personal data or passwords.</p>";

  /** Sends a page (body is trusted markup built with {@link #esc}) with protective headers. */
  static void send(Context ctx, int status, String title, String body) {
    String page =
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>"
            + esc(title)
            + "</title><style>"
            + "body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
            + ".test{background:#fff3cd;border:1px solid #e0b000;padding:.6rem}"
            + ".err{background:#fde2e1;border:1px solid #c0392b;padding:.6rem}"
            + "label{display:block;margin:.6rem 0}input[type=text],input[type=password]"
            + "{width:100%;padding:.4rem}table{border-collapse:collapse;width:100%}"
            + "td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}"
            + "</style></head><body><h1>"
            + esc(title)
            + "</h1>"
            + body
            + "</body></html>";
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }

  /** An error page: the OAuth error code, a K-DID code and a description. */
  static void error(Context ctx, int status, String error, String kdidCode, String description) {
    send(
        ctx,
        status,
        "요청을 처리할 수 없습니다 · Request refused",
        "<div class=\"err\"><p><code id=\"error\">"
            + esc(error)
            + "</code> <code id=\"kdid_error\">"
            + esc(kdidCode)
            + "</code></p><p id=\"error_description\">"
            + esc(description)
            + "</p></div>");
  }

  /**
   * A cookie limited to the issuer's path, never readable by scripts, never sent by other sites;
   * {@code Secure} when the issuer is served over https.
   */
  static void cookie(
      Context ctx, String name, String value, String path, long maxAgeSeconds, boolean secure) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path="
                + path
                + "; Max-Age="
                + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
  }
}
