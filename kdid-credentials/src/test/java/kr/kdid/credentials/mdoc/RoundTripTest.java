package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.mdoc.MdocFixtures.Pki;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue, present with selective disclosure over OpenID4VP, verify; and every kind of tampering. */
class RoundTripTest {
  private static final String NS = Iso18013_5.MDL_NAMESPACE;
  private static final Map<String, Set<String>> ASKED =
      Map.of(NS, Set.of("given_name", "age_over_19", "portrait"));

  private static Pki pki;
  private static SoftwareKey deviceKey;
  private static IssuerSigned credential;

  @BeforeAll
  static void issue() {
    pki = Pki.generate("Police");
    deviceKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    credential = MdocFixtures.issueMdl(pki, (P256Key) deviceKey.publicKey(), "길동");
  }

  private static MdocVerifier verifier(Instant at) {
    return new MdocVerifier(pki.trust(), MdocFixtures.clockAt(at));
  }

  private static Document present(IssuerSigned cred, String nonce) throws MdocException {
    return MdocHolder.present(cred, ASKED, MdocFixtures.transcript(nonce), deviceKey);
  }

  private static void rejected(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(MdocException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void issuedPresentedVerified() throws Exception {
    byte[] response = MdocHolder.respond(present(credential, MdocFixtures.NONCE)).encode();
    List<VerifiedDocument> docs =
        verifier(MdocFixtures.T0).verify(response, MdocFixtures.transcript(MdocFixtures.NONCE));
    VerifiedDocument d = docs.get(0);
    assertThat(d.docType()).isEqualTo(Iso18013_5.MDL_DOCTYPE);
    assertThat(d.elements().get(NS)).containsOnlyKeys("given_name", "age_over_19", "portrait");
    assertThat(d.element(NS, "given_name").orElseThrow().AsString()).isEqualTo("길동");
    assertThat(d.element(NS, "age_over_19").orElseThrow().isTrue()).isTrue();
    assertThat(d.status().orElseThrow().idx()).isEqualTo(4242);
    assertThat(d.issuer().iaca()).contains(pki.iaca());
    assertThat(d.checks()).hasSize(6);
    assertThat(d.deviceAuth()).isEqualTo(VerifiedDocument.DeviceAuthMethod.SIGNATURE);
  }

  @Test
  void issuedCredentialSurvivesEncoding() throws Exception {
    IssuerSigned again = IssuerSigned.decode(credential.encode());
    assertThat(again.encode()).isEqualTo(credential.encode());
    MobileSecurityObject mso = again.mso();
    assertThat(mso.deviceKey()).isEqualTo(deviceKey.publicKey());
    assertThat(mso.valueDigests().get(NS)).hasSize(6).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L);
    for (IssuerSignedItem i : again.nameSpaces().get(NS)) {
      assertThat(i.random()).hasSize(32);
      assertThat(mso.digest(NS, i.digestId()).orElseThrow()).isEqualTo(i.digest());
    }
    assertThat(
            again.nameSpaces().get(NS).stream()
                .filter(i -> i.elementIdentifier().equals("birth_date"))
                .findFirst()
                .orElseThrow()
                .elementValue()
                .HasOneTag(1004))
        .isTrue();
  }

  @Test
  void saltsDiffer() {
    List<String> salts = new ArrayList<>();
    for (IssuerSignedItem i : credential.nameSpaces().get(NS)) {
      salts.add(kr.kdid.core.encoding.Hex.encode(i.random()));
    }
    assertThat(salts).doesNotHaveDuplicates();
  }

  private static Document withItems(Document d, List<IssuerSignedItem> items) {
    Map<String, List<IssuerSignedItem>> ns = new LinkedHashMap<>();
    ns.put(NS, items);
    return new Document(
        d.docType(), new IssuerSigned(ns, d.issuerSigned().issuerAuth()), d.deviceSigned());
  }

  private static VerifiedDocument verifyAt(Instant at, Document d, String nonce)
      throws MdocException {
    byte[] bytes = DeviceResponse.of(List.of(d)).encode();
    return verifier(at).verify(bytes, MdocFixtures.transcript(nonce)).get(0);
  }

  @Test
  void changedElementValue() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    List<IssuerSignedItem> items = new ArrayList<>(d.issuerSigned().nameSpaces().get(NS));
    IssuerSignedItem age =
        items.stream().filter(i -> i.elementIdentifier().equals("given_name")).findFirst().get();
    items.set(
        items.indexOf(age),
        IssuerSignedItem.create(
            age.digestId(), age.random(), "given_name", CBORObject.FromObject("철수")));
    rejected(
        Reason.DIGEST_MISMATCH,
        () -> verifyAt(MdocFixtures.T0, withItems(d, items), MdocFixtures.NONCE));
  }

  @Test
  void elementFromAnotherMdoc() throws Exception {
    IssuerSigned other =
        MdocFixtures.issueMdl(
            pki, (P256Key) SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey(), "철수");
    IssuerSignedItem foreign =
        other.nameSpaces().get(NS).stream()
            .filter(i -> i.elementIdentifier().equals("given_name"))
            .findFirst()
            .get();
    Document d = present(credential, MdocFixtures.NONCE);
    // Only the swapped-in item, so that its (random) digest id cannot collide with another
    // presented item's: the check that must catch it is the digest's.
    List<IssuerSignedItem> items = new ArrayList<>(List.of(foreign));
    rejected(
        Reason.DIGEST_MISMATCH,
        () -> verifyAt(MdocFixtures.T0, withItems(d, items), MdocFixtures.NONCE));
  }

  @Test
  void unknownDigestId() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    List<IssuerSignedItem> items = new ArrayList<>(d.issuerSigned().nameSpaces().get(NS));
    items.add(
        IssuerSignedItem.create(99, new byte[32], "nationality", CBORObject.FromObject("KR")));
    rejected(
        Reason.UNKNOWN_DIGEST_ID,
        () -> verifyAt(MdocFixtures.T0, withItems(d, items), MdocFixtures.NONCE));
  }

  @Test
  void sameElementTwice() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    List<IssuerSignedItem> items = new ArrayList<>(d.issuerSigned().nameSpaces().get(NS));
    items.add(items.get(0));
    rejected(
        Reason.DUPLICATE_ELEMENT,
        () -> verifyAt(MdocFixtures.T0, withItems(d, items), MdocFixtures.NONCE));
  }

  @Test
  void wrongDocType() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    Document wrong = new Document("kr.kdid.rrc.1", d.issuerSigned(), d.deviceSigned());
    rejected(Reason.DOCTYPE_MISMATCH, () -> verifyAt(MdocFixtures.T0, wrong, MdocFixtures.NONCE));
  }

  @Test
  void expired() throws Exception {
    // MSO valid until 2027-05-01; a DS valid until 2028 isolates the MSO check.
    Pki longDs =
        Pki.generate(
            "Long", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"));
    IssuerSigned c = MdocFixtures.issueMdl(longDs, (P256Key) deviceKey.publicKey(), "길동");
    Document d = present(c, MdocFixtures.NONCE);
    MdocVerifier v =
        new MdocVerifier(
            longDs.trust(), MdocFixtures.clockAt(Instant.parse("2027-05-01T00:00:00Z")));
    rejected(
        Reason.EXPIRED,
        () ->
            v.verify(MdocHolder.respond(d).encode(), MdocFixtures.transcript(MdocFixtures.NONCE)));
  }

  @Test
  void notYetValid() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    rejected(
        Reason.NOT_YET_VALID,
        () -> verifyAt(Instant.parse("2026-04-30T23:59:59Z"), d, MdocFixtures.NONCE));
  }

  @Test
  void untrustedIaca() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    Pki stranger = Pki.generate("Stranger");
    MdocVerifier v = new MdocVerifier(stranger.trust(), MdocFixtures.clockAt(MdocFixtures.T0));
    rejected(
        Reason.UNTRUSTED_ISSUER,
        () ->
            v.verify(MdocHolder.respond(d).encode(), MdocFixtures.transcript(MdocFixtures.NONCE)));
  }

  @Test
  void sameNameDifferentIacaIsUntrusted() throws Exception {
    // An attacker's IACA with the same subject name as the trusted one.
    Pki impostor = Pki.generate("Police");
    IssuerSigned forged = MdocFixtures.issueMdl(impostor, (P256Key) deviceKey.publicKey(), "길동");
    Document d = present(forged, MdocFixtures.NONCE);
    rejected(Reason.UNTRUSTED_ISSUER, () -> verifyAt(MdocFixtures.T0, d, MdocFixtures.NONCE));
  }

  @Test
  void dsCertificateExpired() throws Exception {
    // The DS certificate ends 2027-01-01; the MSO is valid until 2027-05-01.
    Document d = present(credential, MdocFixtures.NONCE);
    rejected(
        Reason.ISSUER_CERTIFICATE_EXPIRED,
        () -> verifyAt(Instant.parse("2027-02-01T00:00:00Z"), d, MdocFixtures.NONCE));
  }

  @Test
  void dsCertificateNotYetValid() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    rejected(
        Reason.ISSUER_CERTIFICATE_NOT_YET_VALID,
        () -> verifyAt(Instant.parse("2025-12-31T00:00:00Z"), d, MdocFixtures.NONCE));
  }

  @Test
  void wrongTranscript() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    rejected(Reason.DEVICE_SIGNATURE_INVALID, () -> verifyAt(MdocFixtures.T0, d, "another-nonce"));
  }

  @Test
  void deviceSignatureByAnotherKey() throws Exception {
    SoftwareKey thief = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Document d =
        MdocHolder.present(credential, ASKED, MdocFixtures.transcript(MdocFixtures.NONCE), thief);
    rejected(
        Reason.DEVICE_SIGNATURE_INVALID, () -> verifyAt(MdocFixtures.T0, d, MdocFixtures.NONCE));
  }

  @Test
  void flippedIssuerSignatureByte() throws Exception {
    Document d = present(credential, MdocFixtures.NONCE);
    CoseSign1 auth = d.issuerSigned().issuerAuth();
    byte[] sig = auth.signature();
    sig[10] ^= 0x01;
    Document bad =
        new Document(
            d.docType(),
            new IssuerSigned(d.issuerSigned().nameSpaces(), auth.withSignature(sig)),
            d.deviceSigned());
    rejected(
        Reason.ISSUER_SIGNATURE_INVALID, () -> verifyAt(MdocFixtures.T0, bad, MdocFixtures.NONCE));
  }

  @Test
  void truncatedAndGarbage() throws Exception {
    byte[] good = MdocHolder.respond(present(credential, MdocFixtures.NONCE)).encode();
    MdocVerifier v = verifier(MdocFixtures.T0);
    SessionTranscript t = MdocFixtures.transcript(MdocFixtures.NONCE);
    for (int cut : new int[] {0, 1, 10, good.length / 2, good.length - 1}) {
      byte[] part = java.util.Arrays.copyOf(good, cut);
      rejected(Reason.MALFORMED, () -> v.verify(part, t));
    }
    rejected(Reason.MALFORMED, () -> v.verify(new byte[] {(byte) 0xff, 0x00, 0x13}, t));
    rejected(Reason.MALFORMED, () -> v.verify(CBORObject.FromObject("x").EncodeToBytes(), t));
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    rejected(Reason.MALFORMED, () -> v.verify(trailing, t));
  }

  @Test
  void errorStatusHasNoDocument() {
    byte[] empty = new DeviceResponse(List.of(), 10).encode();
    rejected(
        Reason.NO_DOCUMENT,
        () -> verifier(MdocFixtures.T0).verify(empty, MdocFixtures.transcript("n")));
  }

  @Test
  void selectingNothingFromANamespaceDropsIt() {
    IssuerSigned none = credential.select(Map.of());
    assertThat(none.nameSpaces()).isEmpty();
  }
}
