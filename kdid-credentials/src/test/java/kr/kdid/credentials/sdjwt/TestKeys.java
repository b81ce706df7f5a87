package kr.kdid.credentials.sdjwt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.credentials.Vectors;

/** The example keys of RFC 9901 (A.5 and the generator settings), read from the vectors. */
public final class TestKeys {
  /** The issuer key of RFC 9901 A.5, which signed every SD-JWT and SD-JWT VC vector. */
  public static final VerificationKey ISSUER =
      VerificationKey.fromJwk(Jwk.parse(Vectors.text("sd-jwt-rfc9901/issuer_key_A5.jwk.json")));

  /** Its private part, from {@code examples_settings.yml} (a published test key). */
  public static final SoftwareKey ISSUER_PRIVATE = fromSettings("issuer_keys:");

  /** The holder key in every vector's {@code cnf}, from {@code examples_settings.yml}. */
  public static final SoftwareKey HOLDER = fromSettings("holder_key:");

  private TestKeys() {}

  private static SoftwareKey fromSettings(String section) {
    String yml = Vectors.text("sd-jwt-rfc9901/examples_settings.yml");
    String rest = yml.substring(yml.indexOf(section));
    return SoftwareKey.fromJwk(
        new Jwk("EC", "P-256", member(rest, "x"), member(rest, "y"), member(rest, "d"), null));
  }

  private static String member(String text, String name) {
    Matcher m = Pattern.compile("\\b" + name + ": ([A-Za-z0-9_-]+)").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in the settings");
    }
    return m.group(1);
  }
}
