package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Hex;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.status.StatusReference;

/** Vectors, clocks and a generated IACA + DS for the mdoc tests. */
final class MdocFixtures {
  static final Instant T0 = Instant.parse("2026-05-15T09:00:00Z");
  static final String CLIENT_ID = "x509_san_dns:verifier.kdid.kr";
  static final String RESPONSE_URI = "https://verifier.kdid.kr/response";
  static final String NONCE = "n-0S6_WzA2Mj";

  private MdocFixtures() {}

  /** The bytes of a hex vector file. */
  static byte[] hex(String path) {
    return Hex.decode(Vectors.text(path).trim());
  }

  static Clock clockAt(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  static P256Key keyFromCoordinates(String prefix) {
    byte[] x = hex(prefix + "_x.hex");
    byte[] y = hex(prefix + "_y.hex");
    byte[] u = new byte[65];
    u[0] = 4;
    System.arraycopy(x, 0, u, 1, 32);
    System.arraycopy(y, 0, u, 33, 32);
    return P256Key.fromEncoded(u);
  }

  static SessionTranscript transcript(String nonce) {
    return SessionTranscript.openId4VpRedirect(CLIENT_ID, nonce, Optional.empty(), RESPONSE_URI);
  }

  /** A PKI: an IACA (valid 2025..2035) and a DS (valid 2026-01-01..2027-01-01) it issued. */
  record Pki(SoftwareKey iacaKey, X509Certificate iaca, SoftwareKey dsKey, X509Certificate ds) {

    static Pki generate(String cn) {
      return generate(
          cn, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
    }

    static Pki generate(String cn, Instant dsFrom, Instant dsUntil) {
      SecureRandom r = new SecureRandom();
      SoftwareKey iacaKey = SoftwareKey.generate(SignatureAlgorithm.ES256, r);
      X509Certificate iaca =
          MdocCertificates.createIaca(
              iacaKey,
              cn + " IACA",
              "KR",
              "https://kdid.kr/iaca",
              Instant.parse("2025-01-01T00:00:00Z"),
              Instant.parse("2035-01-01T00:00:00Z"),
              r);
      SoftwareKey dsKey = SoftwareKey.generate(SignatureAlgorithm.ES256, r);
      X509Certificate ds =
          MdocCertificates.createDocumentSigner(
              iacaKey,
              iaca,
              (P256Key) dsKey.publicKey(),
              cn + " DS",
              "https://kdid.kr/iaca",
              dsFrom,
              dsUntil,
              r);
      return new Pki(iacaKey, iaca, dsKey, ds);
    }

    MdocIssuer issuer() {
      return new MdocIssuer(dsKey, ds);
    }

    IssuerTrust trust() {
      return IssuerTrust.iacaRoots(java.util.List.of(iaca));
    }
  }

  /** Six mDL elements of the usual types. */
  static Map<String, CBORObject> mdlElements(String givenName) {
    Map<String, CBORObject> m = new LinkedHashMap<>();
    m.put("family_name", MdocValues.of("홍"));
    m.put("given_name", MdocValues.of(givenName));
    m.put("birth_date", MdocValues.of(LocalDate.of(1990, 3, 1)));
    m.put("document_number", MdocValues.of("11-22-333333-44"));
    m.put("age_over_19", MdocValues.of(true));
    m.put("portrait", MdocValues.of(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}));
    return m;
  }

  /** An mDL valid 2026-05-01..2027-05-01 (validUntil beyond the DS certificate). */
  static IssuerSigned issueMdl(Pki pki, P256Key deviceKey, String givenName) {
    return pki.issuer()
        .issue(
            new MdocIssuer.Request(
                Iso18013_5.MDL_DOCTYPE,
                Map.of(Iso18013_5.MDL_NAMESPACE, mdlElements(givenName)),
                deviceKey,
                new ValidityInfo(
                    Instant.parse("2026-05-01T00:00:00Z"),
                    Instant.parse("2026-05-01T00:00:00Z"),
                    Instant.parse("2027-05-01T00:00:00Z")),
                Optional.of(new StatusReference(4242, "https://issuer.kdid.kr/status/1"))));
  }
}
