package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;

/** The one hash function SD-JWT uses here, and the {@code _sd_alg} rule. Stateless. */
final class Digests {
  /** The IANA Named Information name of SHA-256, the only {@code _sd_alg} accepted. */
  static final String SHA_256 = "sha-256";

  static final String SD = "_sd";
  static final String SD_ALG = "_sd_alg";
  static final String ELLIPSIS = "...";

  private Digests() {}

  /**
   * base64url(SHA-256(US-ASCII bytes of {@code text})): the digest of a Disclosure (RFC 9901
   * §4.2.3) and the {@code sd_hash} of a presentation (§4.3.1). The text is base64url or an SD-JWT,
   * so ASCII.
   */
  static String of(String text) {
    return Base64Url.encode(Sha256.hash(text.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Checks the top-level {@code _sd_alg} (absent means sha-256).
   *
   * @throws SdJwtException UNSUPPORTED_HASH_ALGORITHM for anything but the string "sha-256"
   */
  static void requireSha256(ObjectNode payload) throws SdJwtException {
    JsonNode alg = payload.get(SD_ALG);
    if (alg == null) {
      return;
    }
    if (!alg.isTextual() || !SHA_256.equals(alg.textValue())) {
      throw new SdJwtException(
          SdJwtException.Reason.UNSUPPORTED_HASH_ALGORITHM,
          "_sd_alg must be \"sha-256\", got "
              + (alg.isTextual() ? alg.textValue() : alg.getNodeType()));
    }
  }

  /** One RFC 6901 reference token: "~" becomes "~0" and "/" becomes "~1". */
  static String pointerToken(String name) {
    if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
      return name;
    }
    return name.replace("~", "~0").replace("/", "~1");
  }
}
