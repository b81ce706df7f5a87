package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import org.junit.jupiter.api.Test;

/** ISO/IEC 18013-5:2021 Annex D: the worked DeviceResponse with deviceMac, and readerAuth. */
class AnnexDTest {
  private static final String D = "iso18013-5-annexD/";
  // The DS certificate and the MSO are valid 2020-10-01 .. 2021-10-01.
  private static final Instant INSIDE = Instant.parse("2021-03-01T00:00:00Z");

  private static X509Certificate cert(String file) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(MdocFixtures.hex(D + file)));
  }

  private static KeyAgreementKey readerKey() {
    byte[] x = MdocFixtures.hex(D + "ephemeral_reader_key_x.hex");
    byte[] y = MdocFixtures.hex(D + "ephemeral_reader_key_y.hex");
    byte[] d = MdocFixtures.hex(D + "ephemeral_reader_key_d.hex");
    return KeyAgreementKey.of(
        SoftwareKey.fromJwk(
            new Jwk(
                "EC",
                "P-256",
                Base64Url.encode(x),
                Base64Url.encode(y),
                Base64Url.encode(d),
                null)));
  }

  private static SessionTranscript transcript() throws MdocException {
    return SessionTranscript.decodeTagged(MdocFixtures.hex(D + "session_transcript_bytes.hex"));
  }

  private MdocVerifier verifier(Instant at) throws Exception {
    return new MdocVerifier(
        IssuerTrust.pinned(List.of(cert("ds_cert.hex"))), MdocFixtures.clockAt(at));
  }

  @Test
  void deviceResponseVerifiesWithDeviceMac() throws Exception {
    List<VerifiedDocument> docs =
        verifier(INSIDE)
            .verify(
                MdocFixtures.hex(D + "device_response.hex"),
                transcript(),
                Optional.of(readerKey()));

    assertThat(docs).hasSize(1);
    VerifiedDocument doc = docs.get(0);
    assertThat(doc.docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertThat(doc.deviceAuth()).isEqualTo(VerifiedDocument.DeviceAuthMethod.MAC);
    assertThat(doc.checks())
        .containsExactly(
            MdocVerifier.ISSUER_CERTIFICATE,
            MdocVerifier.ISSUER_SIGNATURE,
            MdocVerifier.DOCTYPE,
            MdocVerifier.VALUE_DIGESTS,
            MdocVerifier.VALIDITY,
            MdocVerifier.DEVICE_AUTH);
    assertThat(doc.elements().get(Iso18013_5.MDL_NAMESPACE))
        .containsOnlyKeys(
            "family_name",
            "issue_date",
            "expiry_date",
            "document_number",
            "portrait",
            "driving_privileges");
    assertThat(doc.element(Iso18013_5.MDL_NAMESPACE, "family_name").orElseThrow().AsString())
        .isEqualTo("Doe");
    assertThat(
            MdocValues.toJson(doc.element(Iso18013_5.MDL_NAMESPACE, "issue_date").orElseThrow())
                .asText())
        .isEqualTo("2019-10-20");
    assertThat(doc.element(Iso18013_5.MDL_NAMESPACE, "portrait").orElseThrow().GetByteString())
        .isEqualTo(MdocFixtures.hex(D + "device_response_portrait_data.hex"));
    assertThat(doc.validity().validUntil()).isEqualTo(Instant.parse("2021-10-01T13:30:02Z"));
    assertThat(doc.status()).isEmpty();
    assertThat(doc.issuer().iaca()).isEmpty();
  }

  @Test
  void msoDeviceKeyIsTheStaticDeviceKey() throws Exception {
    Document doc =
        DeviceResponse.decode(MdocFixtures.hex(D + "device_response.hex")).documents().get(0);
    assertThat(doc.issuerSigned().mso().deviceKey())
        .isEqualTo(MdocFixtures.keyFromCoordinates(D + "static_device_key"));
  }

  @Test
  void everyPresentedDigestIsTheMsoDigest() throws Exception {
    Document doc =
        DeviceResponse.decode(MdocFixtures.hex(D + "device_response.hex")).documents().get(0);
    MobileSecurityObject mso = doc.issuerSigned().mso();
    List<IssuerSignedItem> items = doc.issuerSigned().nameSpaces().get(Iso18013_5.MDL_NAMESPACE);
    assertThat(items).hasSize(6);
    for (IssuerSignedItem i : items) {
      assertThat(mso.digest(Iso18013_5.MDL_NAMESPACE, i.digestId()).orElseThrow())
          .isEqualTo(i.digest());
    }
  }

  @Test
  void expiredAfterValidity() throws Exception {
    MdocVerifier late = verifier(Instant.parse("2021-10-02T00:00:00Z"));
    assertThatThrownBy(
            () ->
                late.verify(
                    MdocFixtures.hex(D + "device_response.hex"),
                    transcript(),
                    Optional.of(readerKey())))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_EXPIRED));
  }

  @Test
  void deviceMacWithoutReaderKeyIsUnverifiable() throws Exception {
    assertThatThrownBy(
            () ->
                verifier(INSIDE).verify(MdocFixtures.hex(D + "device_response.hex"), transcript()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DEVICE_AUTH_UNVERIFIABLE));
  }

  @Test
  void deviceMacFailsForAnotherTranscriptOrReaderKey() throws Exception {
    SessionTranscript other = MdocFixtures.transcript("another");
    assertThatThrownBy(
            () ->
                verifier(INSIDE)
                    .verify(
                        MdocFixtures.hex(D + "device_response.hex"),
                        other,
                        Optional.of(readerKey())))
        .isInstanceOfSatisfying(
            MdocException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEVICE_MAC_INVALID));
    KeyAgreementKey wrong =
        KeyAgreementKey.of(SoftwareKey.generate(kr.kdid.core.crypto.SignatureAlgorithm.ES256));
    assertThatThrownBy(
            () ->
                verifier(INSIDE)
                    .verify(
                        MdocFixtures.hex(D + "device_response.hex"),
                        transcript(),
                        Optional.of(wrong)))
        .isInstanceOfSatisfying(
            MdocException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEVICE_MAC_INVALID));
  }

  @Test
  void anotherPinnedCertificateIsNotTrusted() throws Exception {
    MdocVerifier v =
        new MdocVerifier(
            IssuerTrust.pinned(List.of(cert("reader_cert.hex"))), MdocFixtures.clockAt(INSIDE));
    assertThatThrownBy(
            () ->
                v.verify(
                    MdocFixtures.hex(D + "device_response.hex"),
                    transcript(),
                    Optional.of(readerKey())))
        .isInstanceOfSatisfying(
            MdocException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_ISSUER));
  }

  @Test
  void readerAuthVerifies() throws Exception {
    DeviceRequest request = DeviceRequest.decode(MdocFixtures.hex(D + "device_request.hex"));
    assertThat(request.docRequests()).hasSize(1);
    DeviceRequest.DocRequest dr = request.docRequests().get(0);
    assertThat(dr.docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertThat(dr.nameSpaces().get(Iso18013_5.MDL_NAMESPACE))
        .containsEntry("portrait", false)
        .containsEntry("family_name", true)
        .hasSize(6);
    X509Certificate reader = dr.verifyReaderAuth(transcript());
    assertThat(reader).isEqualTo(cert("reader_cert.hex"));

    assertThatThrownBy(() -> dr.verifyReaderAuth(MdocFixtures.transcript("x")))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.READER_SIGNATURE_INVALID));
  }

  @Test
  void itemsRequestMatchesTheVector() throws Exception {
    // The Annex D ItemsRequestBytes is the readerAuth's detached-payload input.
    DeviceRequest.DocRequest dr =
        DeviceRequest.decode(MdocFixtures.hex(D + "device_request.hex")).docRequests().get(0);
    assertThat(dr.readerAuth()).isPresent();
    assertThat(dr.readerAuth().get().payload()).isEmpty();
    byte[] vector = MdocFixtures.hex(D + "items_request.hex");
    assertThat(dr.itemsRequestContent()).isEqualTo(vector);
  }

  // ---- tampered variants of the vector ----

  private static byte[] vector() {
    return MdocFixtures.hex(D + "device_response.hex");
  }

  private static Document vectorDocument() throws MdocException {
    return DeviceResponse.decode(vector()).documents().get(0);
  }

  private void assertRejected(byte[] response, Reason reason) {
    assertThatThrownBy(
            () -> verifier(INSIDE).verify(response, transcript(), Optional.of(readerKey())))
        .isInstanceOfSatisfying(MdocException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private void assertRejected(Document tampered, Reason reason) {
    assertRejected(DeviceResponse.of(List.of(tampered)).encode(), reason);
  }

  @Test
  void theVectorReassembledFromTheLibraryTypesStillVerifies() throws Exception {
    // The baseline of the tampering tests below: re-assembly alone breaks nothing.
    Document d = vectorDocument();
    Document same =
        new Document(
            d.docType(),
            new IssuerSigned(d.issuerSigned().nameSpaces(), d.issuerSigned().issuerAuth()),
            d.deviceSigned());
    assertThat(
            verifier(INSIDE)
                .verify(
                    DeviceResponse.of(List.of(same)).encode(),
                    transcript(),
                    Optional.of(readerKey())))
        .hasSize(1);
  }

  @Test
  void aFlippedByteInTheIssuerAuthSignatureIsRejected() throws Exception {
    byte[] sig = vectorDocument().issuerSigned().issuerAuth().signature();
    assertThat(sig).hasSize(64);
    // In the vector's own bytes: the first byte of r, and the last of s.
    int at = Tamper.onlyOffset(vector(), sig);
    assertRejected(Tamper.flip(vector(), at), Reason.ISSUER_SIGNATURE_INVALID);
    assertRejected(Tamper.flip(vector(), at + 63), Reason.ISSUER_SIGNATURE_INVALID);
    // Re-assembled with the library's types.
    assertRejected(
        Tamper.withFlippedIssuerSignature(vectorDocument()), Reason.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void anMsoWithALaterValidUntilIsRejectedBySignature() throws Exception {
    // The MSO's validUntil, pushed ten years later inside the signed payload.
    byte[] until = "2021-10-01T13:30:02Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] later = "2031-10-01T13:30:02Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] tampered = Tamper.replaceOnly(vector(), until, later);
    assertThat(
            DeviceResponse.decode(tampered)
                .documents()
                .get(0)
                .issuerSigned()
                .mso()
                .validity()
                .validUntil())
        .isEqualTo(Instant.parse("2031-10-01T13:30:02Z"));
    assertRejected(tampered, Reason.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void anElementValueChangedInsideItsIssuerSignedItemIsADigestMismatch() throws Exception {
    Document d = vectorDocument();
    IssuerSignedItem doe = Tamper.item(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "family_name");
    assertThat(doe.elementValue().AsString()).isEqualTo("Doe");

    // Re-encoded with the same digestID and random: with the original value the digest is the
    // MSO's (the vector's items are in this order), with another it is not.
    IssuerSignedItem same =
        IssuerSignedItem.create(doe.digestId(), doe.random(), "family_name", doe.elementValue());
    assertThat(same.digest()).isEqualTo(doe.digest());
    IssuerSignedItem roe =
        IssuerSignedItem.create(doe.digestId(), doe.random(), "family_name", MdocValues.of("Roe"));
    Document tampered =
        Tamper.with(
            d, Tamper.replaceItem(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "family_name", roe));
    // It still parses, and says "Roe".
    Document reparsed =
        DeviceResponse.decode(DeviceResponse.of(List.of(tampered)).encode()).documents().get(0);
    assertThat(
            Tamper.item(reparsed.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "family_name")
                .elementValue()
                .AsString())
        .isEqualTo("Roe");
    assertRejected(tampered, Reason.DIGEST_MISMATCH);

    // The same edit in the vector's bytes: "Doe" (63 446f65) becomes "Roe".
    assertRejected(
        Tamper.replaceOnly(
            vector(), new byte[] {0x63, 'D', 'o', 'e'}, new byte[] {0x63, 'R', 'o', 'e'}),
        Reason.DIGEST_MISMATCH);

    // A full-date changed in place, its tag kept.
    IssuerSignedItem issue = Tamper.item(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "issue_date");
    IssuerSignedItem later =
        Tamper.withValueInPlace(
            issue,
            MdocValues.of(
                java.time.LocalDate.parse(MdocValues.toJson(issue.elementValue()).asText())
                    .plusYears(1)));
    assertThat(later.digestId()).isEqualTo(issue.digestId());
    assertThat(later.random()).isEqualTo(issue.random());
    assertThat(MdocValues.toJson(later.elementValue()).asText()).isEqualTo("2020-10-20");
    assertRejected(
        Tamper.with(
            d, Tamper.replaceItem(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "issue_date", later)),
        Reason.DIGEST_MISMATCH);
  }

  @Test
  void anItemTheMsoDoesNotListOrOnePresentedTwiceIsRejected() throws Exception {
    Document d = vectorDocument();
    IssuerSignedItem doe = Tamper.item(d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "family_name");
    IssuerSignedItem unlisted =
        IssuerSignedItem.create(9999, doe.random(), "family_name", doe.elementValue());
    assertThat(d.issuerSigned().mso().digest(Iso18013_5.MDL_NAMESPACE, 9999)).isEmpty();
    assertRejected(
        Tamper.with(
            d,
            Tamper.replaceItem(
                d.issuerSigned(), Iso18013_5.MDL_NAMESPACE, "family_name", unlisted)),
        Reason.UNKNOWN_DIGEST_ID);

    // The genuine item moved to a namespace the MSO has no digests for.
    java.util.Map<String, List<IssuerSignedItem>> moved =
        new java.util.LinkedHashMap<>(d.issuerSigned().nameSpaces());
    moved.put("org.iso.18013.5.1.aamva", List.of(doe));
    assertRejected(
        Tamper.with(d, new IssuerSigned(moved, d.issuerSigned().issuerAuth())),
        Reason.UNKNOWN_DIGEST_ID);

    // The genuine item twice.
    List<IssuerSignedItem> twice =
        new java.util.ArrayList<>(d.issuerSigned().nameSpaces().get(Iso18013_5.MDL_NAMESPACE));
    twice.add(doe);
    assertRejected(
        Tamper.with(
            d,
            new IssuerSigned(
                java.util.Map.of(Iso18013_5.MDL_NAMESPACE, twice), d.issuerSigned().issuerAuth())),
        Reason.DUPLICATE_ELEMENT);
  }

  @Test
  void anotherDocTypeIsADoctypeMismatch() throws Exception {
    Document d = vectorDocument();
    Document other = new Document("org.iso.23220.photoid.1", d.issuerSigned(), d.deviceSigned());
    assertThat(other.issuerSigned().mso().docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertRejected(other, Reason.DOCTYPE_MISMATCH);

    // In the vector's bytes: the Document's docType comes first; the MSO's (signed) is left alone.
    byte[] mdl = Iso18013_5.MDL_DOCTYPE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] v = vector();
    int first = -1;
    for (int i = 0; i + mdl.length <= v.length && first < 0; i++) {
      if (java.util.Arrays.equals(v, i, i + mdl.length, mdl, 0, mdl.length)) {
        first = i;
      }
    }
    byte[] tampered = v.clone();
    tampered[first + mdl.length - 1] = 'M'; // org.iso.18013.5.1.mDM
    Document t = DeviceResponse.decode(tampered).documents().get(0);
    assertThat(t.docType()).isEqualTo("org.iso.18013.5.1.mDM");
    assertThat(t.issuerSigned().mso().docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertRejected(tampered, Reason.DOCTYPE_MISMATCH);
  }

  @Test
  void aTamperedDeviceMacIsRejected() throws Exception {
    Document d = vectorDocument();
    CoseMac0 mac = d.deviceSigned().deviceMac().orElseThrow();
    byte[] tag = Tamper.macTag(mac);
    assertThat(tag).hasSize(32);
    // In the vector's bytes.
    int at = Tamper.onlyOffset(vector(), tag);
    assertRejected(Tamper.flip(vector(), at), Reason.DEVICE_MAC_INVALID);
    assertRejected(Tamper.flip(vector(), at + 31), Reason.DEVICE_MAC_INVALID);
    // Re-assembled: a flipped tag ...
    assertRejected(
        Tamper.with(
            d,
            DeviceSigned.withMac(
                d.deviceSigned().nameSpacesContent(), Tamper.withTag(mac, Tamper.flip(tag, 5)))),
        Reason.DEVICE_MAC_INVALID);
    // ... and the vector's tag over device-signed elements added after the fact.
    com.upokecenter.cbor.CBORObject added = com.upokecenter.cbor.CBORObject.NewOrderedMap();
    com.upokecenter.cbor.CBORObject elements = com.upokecenter.cbor.CBORObject.NewOrderedMap();
    elements.Add("age_over_21", true);
    added.Add(Iso18013_5.MDL_NAMESPACE, elements);
    assertThat(d.deviceSigned().nameSpacesContent()).isNotEqualTo(added.EncodeToBytes());
    assertRejected(
        Tamper.with(d, DeviceSigned.withMac(added.EncodeToBytes(), mac)),
        Reason.DEVICE_MAC_INVALID);
  }
}
