package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.status.StatusReference;
import org.junit.jupiter.api.Test;

/**
 * A real mDL from the EUDI reference issuer: non-canonical IssuerSignedItem key order, a text
 * "true" for age_over_18, an MSO status, and a deviceSignature over an ISO 18013-7 dcapi
 * transcript.
 */
class EudiSampleTest {
  private static final String E = "mdoc-eudi-issuer-sample/";

  private static Document document() throws MdocException {
    return Document.decode(MdocFixtures.hex(E + "eudi_mdl_age_over_18_document.hex"));
  }

  private static SessionTranscript transcript() throws MdocException {
    return SessionTranscript.decode(MdocFixtures.hex(E + "session_transcript_dcapi.hex"));
  }

  private static MdocVerifier verifier(Instant at) throws MdocException {
    Document d = document();
    IssuerTrust pinned =
        IssuerTrust.pinned(
            List.of(X509Support.jdk(d.issuerSigned().issuerAuth().x5chain().get(0))));
    return new MdocVerifier(pinned, MdocFixtures.clockAt(at));
  }

  @Test
  void verifiesWithDeviceSignature() throws Exception {
    VerifiedDocument v =
        verifier(MdocFixtures.T0).verifyDocument(document(), transcript(), Optional.empty());
    assertThat(v.deviceAuth()).isEqualTo(VerifiedDocument.DeviceAuthMethod.SIGNATURE);
    assertThat(v.element(Iso18013_5.MDL_NAMESPACE, "age_over_18").orElseThrow().AsString())
        .isEqualTo("true");
    assertThat(v.status())
        .contains(
            new StatusReference(
                6225,
                "https://issuer.eudiw.dev/token_status_list/FC/org.iso.18013.5.1.mDL/"
                    + "a801e2ef-fd10-42bd-8b25-b82afb4383f0"));
    assertThat(v.mso().status().orElseThrow().ContainsKey("identifier_list")).isTrue();
    assertThat(v.validity().validFrom()).isEqualTo(Instant.parse("2026-04-22T07:34:51Z"));
  }

  @Test
  void verifiesWrappedInADeviceResponse() throws Exception {
    byte[] response = DeviceResponse.of(List.of(document())).encode();
    assertThat(verifier(MdocFixtures.T0).verify(response, transcript())).hasSize(1);
  }

  @Test
  void digestIsOverTheOriginalNonCanonicalBytes() throws Exception {
    IssuerSignedItem item =
        document().issuerSigned().nameSpaces().get(Iso18013_5.MDL_NAMESPACE).get(0);
    byte[] tagged = item.taggedBytes();
    // d8 18 58 xx, then a map of 4 whose first key is "random" (canonical order would start with
    // "digestID"): a verifier that re-encoded the item would compute another digest.
    assertThat(tagged[4] & 0xff).isEqualTo(0xa4);
    assertThat(new String(tagged, 6, 6, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("random");
    byte[] reordered =
        IssuerSignedItem.create(
                item.digestId(), item.random(), item.elementIdentifier(), item.elementValue())
            .digest();
    MobileSecurityObject mso = document().issuerSigned().mso();
    assertThat(mso.digest(Iso18013_5.MDL_NAMESPACE, item.digestId()).orElseThrow())
        .isEqualTo(item.digest())
        .isNotEqualTo(reordered);
  }

  @Test
  void afterTheDsCertificateExpiredItIsRejected() {
    assertThatThrownBy(
            () ->
                verifier(Instant.parse("2026-07-10T00:00:00Z"))
                    .verifyDocument(document(), transcript(), Optional.empty()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_EXPIRED));
  }

  @Test
  void anotherTranscriptBreaksTheDeviceSignature() {
    assertThatThrownBy(
            () ->
                verifier(MdocFixtures.T0)
                    .verifyDocument(document(), MdocFixtures.transcript("n"), Optional.empty()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DEVICE_SIGNATURE_INVALID));
  }

  // ---- tampered variants of the sample ----

  private static byte[] vector() {
    return MdocFixtures.hex(E + "eudi_mdl_age_over_18_document.hex");
  }

  private static void assertRejected(Document tampered, Reason reason) {
    assertThatThrownBy(
            () ->
                verifier(MdocFixtures.T0).verifyDocument(tampered, transcript(), Optional.empty()))
        .isInstanceOfSatisfying(MdocException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static void assertRejected(byte[] tamperedDocument, Reason reason) throws Exception {
    assertRejected(Document.decode(tamperedDocument), reason);
  }

  @Test
  void aFlippedByteInTheIssuerAuthSignatureIsRejected() throws Exception {
    byte[] sig = document().issuerSigned().issuerAuth().signature();
    assertThat(sig).hasSize(64);
    int at = Tamper.onlyOffset(vector(), sig);
    assertRejected(Tamper.flip(vector(), at), Reason.ISSUER_SIGNATURE_INVALID);
    assertRejected(Tamper.flip(vector(), at + 40), Reason.ISSUER_SIGNATURE_INVALID);
    assertRejected(Tamper.withFlippedIssuerSignature(document()), Reason.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void anElementValueChangedInsideItsIssuerSignedItemIsADigestMismatch() throws Exception {
    Document d = document();
    IssuerSignedItem age = Tamper.item(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "age_over_18");
    // Changed in the issuer's own bytes (random first), digestID and random kept: the order that
    // the digest is over is the original one, so only the value differs.
    IssuerSignedItem unchanged = Tamper.withValueInPlace(age, age.elementValue());
    assertThat(unchanged.digest()).isEqualTo(age.digest());
    IssuerSignedItem no = Tamper.withValueInPlace(age, MdocValues.of("false"));
    assertThat(no.digestId()).isEqualTo(age.digestId());
    assertThat(no.random()).isEqualTo(age.random());
    assertThat(no.elementValue().AsString()).isEqualTo("false");
    Document tampered =
        Tamper.with(
            d, Tamper.replaceItem(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "age_over_18", no));
    // Valid CBOR: it round-trips through the encoding and still says "false".
    Document reparsed = Document.decode(tampered.encode());
    assertThat(
            Tamper.item(reparsed.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "age_over_18")
                .elementValue()
                .AsString())
        .isEqualTo("false");
    assertRejected(tampered, Reason.DIGEST_MISMATCH);

    // Re-encoded by the library with the same digestID and random and another value.
    IssuerSignedItem recreated =
        IssuerSignedItem.create(age.digestId(), age.random(), "age_over_18", MdocValues.of(false));
    assertRejected(
        Tamper.with(
            d,
            Tamper.replaceItem(
                d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "age_over_18", recreated)),
        Reason.DIGEST_MISMATCH);
  }

  @Test
  void anotherDocTypeIsADoctypeMismatch() throws Exception {
    Document d = document();
    assertThat(d.docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    Document other = new Document("eu.europa.ec.eudi.pid.1", d.issuerSigned(), d.deviceSigned());
    assertThat(other.issuerSigned().mso().docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertRejected(other, Reason.DOCTYPE_MISMATCH);
  }

  @Test
  void aTamperedDeviceSignatureIsRejected() throws Exception {
    Document d = document();
    CoseSign1 deviceSig = d.deviceSigned().deviceSignature().orElseThrow();
    assertThat(deviceSig.payload()).as("detached").isEmpty();
    byte[] sig = deviceSig.signature();
    int at = Tamper.onlyOffset(vector(), sig);
    assertRejected(Tamper.flip(vector(), at), Reason.DEVICE_SIGNATURE_INVALID);
    assertRejected(Tamper.flip(vector(), at + 63), Reason.DEVICE_SIGNATURE_INVALID);
    assertRejected(
        Tamper.with(
            d,
            DeviceSigned.withSignature(
                d.deviceSigned().nameSpacesContent(),
                deviceSig.withSignature(Tamper.flippedSignature(sig)))),
        Reason.DEVICE_SIGNATURE_INVALID);
    // The device's signature over other device-signed elements than it signed.
    com.upokecenter.cbor.CBORObject added = com.upokecenter.cbor.CBORObject.NewOrderedMap();
    com.upokecenter.cbor.CBORObject elements = com.upokecenter.cbor.CBORObject.NewOrderedMap();
    elements.Add("age_over_21", true);
    added.Add(Iso18013_5.MDL_NAMESPACE, elements);
    assertRejected(
        Tamper.with(d, DeviceSigned.withSignature(added.EncodeToBytes(), deviceSig)),
        Reason.DEVICE_SIGNATURE_INVALID);
  }
}
