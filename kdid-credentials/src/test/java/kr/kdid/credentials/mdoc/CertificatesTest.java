package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.mdoc.MdocFixtures.Pki;
import org.junit.jupiter.api.Test;

class CertificatesTest {
  private static final Pki PKI = Pki.generate("Ministry");

  @Test
  void iacaProfile() throws Exception {
    X509Certificate iaca = PKI.iaca();
    iaca.verify(iaca.getPublicKey());
    assertThat(iaca.getBasicConstraints()).isEqualTo(0);
    assertThat(iaca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(iaca.getKeyUsage()[6]).as("cRLSign").isTrue();
    assertThat(iaca.getKeyUsage()[0]).as("digitalSignature").isFalse();
    assertThat(iaca.getSubjectX500Principal().getName()).contains("C=KR");
    assertThat(iaca.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(63);
    assertThat(iaca.getIssuerAlternativeNames()).isNotEmpty();
  }

  @Test
  void dsProfile() throws Exception {
    X509Certificate ds = PKI.ds();
    ds.verify(PKI.iaca().getPublicKey());
    assertThat(ds.getBasicConstraints()).isEqualTo(-1);
    assertThat(ds.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(ds.getExtendedKeyUsage()).containsExactly(Iso18013_5.EKU_DOCUMENT_SIGNER);
    assertThat(ds.getCriticalExtensionOIDs()).contains("2.5.29.37", "2.5.29.15");
    assertThat(ds.getIssuerX500Principal()).isEqualTo(PKI.iaca().getSubjectX500Principal());
    assertThat(ds.getSubjectX500Principal().getName()).contains("C=KR");
  }

  @Test
  void chainValidation() throws Exception {
    IssuerTrust trust = PKI.trust();
    Instant in = Instant.parse("2026-06-01T00:00:00Z");
    IssuerTrust.Trusted t = trust.validate(List.of(PKI.ds().getEncoded()), in);
    assertThat(t.key()).isEqualTo(PKI.dsKey().publicKey());
    assertThat(t.iaca()).contains(PKI.iaca());
    // Cached: the second call gives the same answer and still checks the time.
    assertThat(trust.validate(List.of(PKI.ds().getEncoded()), in).key()).isEqualTo(t.key());
    assertThatThrownBy(
            () ->
                trust.validate(
                    List.of(PKI.ds().getEncoded()), Instant.parse("2027-01-02T00:00:00Z")))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_EXPIRED));
    assertThatThrownBy(() -> trust.validate(List.of(), in))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_MISSING));
    assertThatThrownBy(() -> trust.validate(List.of(new byte[] {0x30, 0x03, 1, 2, 3}), in))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_INVALID));
  }

  @Test
  void theIacaItselfIsNotADocumentSigner() {
    // Self-signed IACA presented as a DS: signed by a trusted root, but against the DS profile.
    IssuerTrust trust = PKI.trust();
    assertThatThrownBy(
            () ->
                trust.validate(
                    List.of(PKI.iaca().getEncoded()), Instant.parse("2026-06-01T00:00:00Z")))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_INVALID));
  }

  @Test
  void aDsCannotBeATrustRoot() {
    assertThatThrownBy(() -> IssuerTrust.iacaRoots(List.of(PKI.ds())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuerRefusesACertificateForAnotherKey() {
    SoftwareKey other = SoftwareKey.generate(SignatureAlgorithm.ES256);
    assertThatThrownBy(() -> new MdocIssuer(other, PKI.ds()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(((P256Key) PKI.dsKey().publicKey())).isNotEqualTo(other.publicKey());
  }
}
