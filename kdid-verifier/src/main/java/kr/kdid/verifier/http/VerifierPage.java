package kr.kdid.verifier.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.ClaimDefinition;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierConfig;
import kr.kdid.verifier.oid4vp.CreateRequest;

/**
 * The "show your mobile ID" page of a verifier, in Korean and English: the request's QR code and
 * deep link, and a small script that polls the result and shows the verified claims or why the
 * presentation was rejected. Values reach the page through one JSON object in the script (escaped
 * for a script element) and are shown with {@code textContent}, never as markup.
 */
final class VerifierPage {
  private VerifierPage() {}

  /** A fresh nonce for the page's Content-Security-Policy. */
  static String scriptNonce() {
    return Base64Url.encode(Randomness.bytes(16));
  }

  static String render(
      VerifierConfig config, Catalog catalog, CreateRequest.Created created, String nonce) {
    CredentialType type = catalog.byId(config.demoCredentialType()).orElseThrow();
    ObjectNode data = Json.object();
    data.put("resultPath", URI.create(created.resultUrl()).getRawPath());
    data.put("readSecret", created.readSecret());
    ObjectNode labels = data.putObject("labels");
    for (String c : config.demoClaims()) {
      ClaimDefinition d = type.claim(c).orElseThrow();
      labels.putObject(c).put("ko", d.label("ko")).put("en", d.label("en"));
    }
    String qrPath = URI.create(created.qrUrl()).getRawPath();
    return """
        <!doctype html>
        <html lang="ko">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%1$s · 모바일 신분증 확인 / Mobile ID check</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;
                 padding: 0 1rem; color: #1a1a1a; }
          h1 { font-size: 1.5rem; margin-bottom: .25rem; }
          .en { color: #555; }
          .qr { display: block; margin: 1.5rem auto; width: 18rem; height: 18rem; }
          .status { padding: 1rem; border-radius: .5rem; background: #f1f4f8; }
          .ok { background: #e6f4ea; } .bad { background: #fdecea; }
          dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
          dt { font-weight: 600; } code { font-size: .9em; }
        </style>
        </head>
        <body>
        <h1>%1$s</h1>
        <p class="en">%2$s</p>
        <h2>모바일 신분증을 보여 주세요 <span class="en">/ Show your mobile ID</span></h2>
        <p>휴대폰의 K-DID 지갑으로 QR 코드를 찍으세요. 요청 항목: %3$s
        <br><span class="en">Scan the QR code with the K-DID wallet on your phone.
        Requested: %4$s</span></p>
        <img class="qr" src="%5$s" alt="QR code / QR 코드">
        <p>이 기기에 지갑이 있다면 / Wallet on this device:
        <a href="%6$s">지갑 열기 / Open the wallet</a></p>
        <div id="status" class="status" role="status" aria-live="polite">
          지갑의 응답을 기다리는 중… <span class="en">Waiting for the wallet…</span></div>
        <script nonce="%7$s">
        const page = %8$s;
        const box = document.getElementById("status");
        function line(ko, en) {
          box.textContent = "";
          const k = document.createElement("div"); k.textContent = ko;
          const e = document.createElement("div"); e.textContent = en; e.className = "en";
          box.append(k, e);
        }
        function show(r) {
          if (r.status === "PENDING") return false;
          if (r.status === "EXPIRED") {
            box.className = "status bad";
            line("요청이 만료되었습니다. 페이지를 새로 고치세요.", "The request expired. Reload the page.");
            return true;
          }
          if (r.status === "DECLINED") {
            box.className = "status bad";
            line("지갑에서 제시를 거절했습니다.", "The wallet declined to present the credential.");
            return true;
          }
          const res = r.result || {};
          if (res.verified) {
            box.className = "status ok";
            line("확인되었습니다.", "Verified.");
            const dl = document.createElement("dl");
            for (const [name, value] of Object.entries(r.claims || {})) {
              const l = page.labels[name] || {ko: name, en: name};
              const dt = document.createElement("dt"); dt.textContent = l.ko + " / " + l.en;
              const dd = document.createElement("dd");
              dd.textContent = typeof value === "boolean"
                  ? (value ? "예 / yes" : "아니요 / no")
                  : (typeof value === "string" ? value : JSON.stringify(value));
              dl.append(dt, dd);
            }
            box.append(dl);
          } else {
            box.className = "status bad";
            const failed = (res.checks || []).find(c => c.status === "FAILED");
            line("확인하지 못했습니다: " + res.error, "Not verified: " + res.error
                + (failed && failed.detail ? " (" + failed.detail + ")" : ""));
          }
          return true;
        }
        async function poll() {
          try {
            const resp = await fetch(page.resultPath,
                {headers: {"Authorization": "Bearer " + page.readSecret}, cache: "no-store"});
            if (resp.ok && show(await resp.json())) return;
          } catch (e) { /* the server restarts or the network blinked: keep polling */ }
          setTimeout(poll, 1500);
        }
        poll();
        </script>
        </body>
        </html>
        """
        .formatted(
            html(config.displayName().get("ko")),
            html(config.displayName().get("en")),
            html(claimList(type, config, "ko")),
            html(claimList(type, config, "en")),
            html(qrPath),
            html(created.authorizationRequestUri()),
            nonce,
            scriptJson(data));
  }

  static String unavailable(VerifierConfig config, ErrorCode code, String message) {
    return """
        <!doctype html>
        <html lang="ko"><head><meta charset="utf-8"><title>%1$s</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">
        <h1>%1$s</h1>
        <p>지금은 모바일 신분증을 확인할 수 없습니다.</p>
        <p>Mobile IDs cannot be checked right now.</p>
        <p><code>%2$s</code>: %3$s</p>
        </body></html>
        """
        .formatted(html(config.displayName().get("ko")), code.name(), html(message));
  }

  private static String claimList(CredentialType type, VerifierConfig config, String locale) {
    StringBuilder sb = new StringBuilder();
    for (String c : config.demoClaims()) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(type.claim(c).map(d -> d.label(locale)).orElse(c));
    }
    return sb.toString();
  }

  /** Text for HTML content and attribute values. */
  static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
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

  /** JSON that cannot end a script element or open a comment in it. */
  static String scriptJson(ObjectNode data) {
    return Json.string(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }
}
