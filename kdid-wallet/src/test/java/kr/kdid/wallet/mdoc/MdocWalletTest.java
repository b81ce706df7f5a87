package kr.kdid.wallet.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.VerifiedDocument;
import kr.kdid.wallet.Acceptance;
import kr.kdid.wallet.CredentialDetails;
import kr.kdid.wallet.HistoryEntry;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.fakes.FakeIssuer;
import kr.kdid.wallet.fakes.FakeVerifier;
import kr.kdid.wallet.fakes.Fixture;
import kr.kdid.wallet.issuance.PreparedOffer;
import kr.kdid.wallet.presentation.ConsentView;
import kr.kdid.wallet.presentation.PresentationRequest;
import kr.kdid.wallet.presentation.PresentationResult;
import kr.kdid.wallet.storage.WalletStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ISO/IEC 18013-5 mdocs in the wallet: issuance beside the SD-JWT VC, storage, presentation. */
class MdocWalletTest {
  @TempDir Path dir;
  Fixture fx;
  Wallet wallet;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture();
    wallet = fx.newWallet(dir);
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fx.close();
  }

  static WalletError code(Throwable t) {
    return ((WalletException) t).code();
  }

  Acceptance acceptOffer() throws WalletException {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    PreparedOffer p = wallet.prepareOffer(wallet.resolveOffer(offer.byReference()));
    return wallet.acceptOffer(p, offer.txCode());
  }

  static Set<String> thumbprints(List<Jwk> keys) {
    Set<String> out = new HashSet<>();
    keys.forEach(k -> out.add(k.thumbprint()));
    return out;
  }

  @Test
  void anOfferOfBothFormatsIsStoredAsOneCardWithBoth() throws Exception {
    fx.issuer.offerMdoc = true;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThat(offer.json().path("credential_configuration_ids").toString())
        .isEqualTo("[\"kr.mdl\",\"org.iso.18013.5.1.mDL\"]");
    PreparedOffer p = wallet.prepareOffer(wallet.resolveOffer(offer.byReference()));
    assertThat(p.configuration().id()).isEqualTo("kr.mdl");
    assertThat(p.mdoc()).map(c -> c.doctype()).contains(FakeIssuer.DOCTYPE);

    Acceptance a = wallet.acceptOffer(p, offer.txCode());

    assertThat(a.complete()).isTrue();
    WalletCredential c = a.credential();
    assertThat(c.credentialType()).isEqualTo("kr.mdl");
    assertThat(c.vct()).isEqualTo(FakeIssuer.VCT);
    assertThat(c.doctype()).isEqualTo(FakeIssuer.DOCTYPE);
    assertThat(c.copies()).isEqualTo(3);
    assertThat(c.mdocCopies()).isEqualTo(3);
    assertThat(c.unusedMdocCopies()).isEqualTo(3);
    assertThat(c.formats()).containsExactly("dc+sd-jwt", "mso_mdoc");
    // One request per format, each with its own fresh keys.
    assertThat(fx.issuer.proofKeys).hasSize(1);
    assertThat(fx.issuer.mdocProofKeys).hasSize(1);
    Set<String> sdKeys = thumbprints(fx.issuer.proofKeys.get(0));
    Set<String> mdocKeys = thumbprints(fx.issuer.mdocProofKeys.get(0));
    assertThat(mdocKeys).hasSize(3).doesNotContainAnyElementsOf(sdKeys);
    // Both issuance events are in the history.
    assertThat(wallet.history())
        .filteredOn(h -> h.kind() == HistoryEntry.Kind.ISSUANCE)
        .hasSize(2)
        .allMatch(h -> h.outcome() == HistoryEntry.Outcome.ISSUED && h.event() != null);

    wallet.close();
    wallet = fx.openWallet(dir);
    WalletCredential again = wallet.credential(c.id());
    assertThat(again.formats()).containsExactly("dc+sd-jwt", "mso_mdoc");
    assertThat(again.mdocCopies()).isEqualTo(3);
  }

  @Test
  void anMdocOnlyOfferIsStoredAndShownWithTheCatalogLabels() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    WalletCredential c = acceptOffer().credential();

    assertThat(c.credentialType()).isEqualTo("kr.mdl");
    assertThat(c.vct()).isNull();
    assertThat(c.formats()).containsExactly("mso_mdoc");
    assertThat(c.copies()).isZero();
    assertThat(c.mdocCopies()).isEqualTo(3);
    assertThat(c.expiresAt()).isNotNull();
    assertThat(c.name().en()).isEqualTo("Mobile driver's licence");
    assertThat(fx.issuer.proofKeys).isEmpty();

    CredentialDetails d = wallet.show(c.id());
    assertThat(d.claims())
        .filteredOn(v -> v.name().equals("family_name"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.displayValue()).isEqualTo("홍");
              assertThat(v.label().en()).isEqualTo("Family name");
            });
    assertThat(d.claims())
        .filteredOn(v -> v.name().equals("birth_date"))
        .singleElement()
        .satisfies(v -> assertThat(v.displayValue()).isEqualTo("1990-03-01"));
    assertThat(d.claims())
        .filteredOn(v -> v.name().equals("portrait"))
        .singleElement()
        .satisfies(v -> assertThat(v.displayValue()).startsWith("[image/png image"));
    assertThat(d.claims())
        .filteredOn(v -> v.name().equals("age_over_19"))
        .singleElement()
        .satisfies(v -> assertThat(v.value().booleanValue()).isTrue());
  }

  @Test
  void anMdocPresentationDisclosesOnlyTheAskedElementsAndVerifies() throws Exception {
    fx.issuer.offerMdoc = true;
    WalletCredential c = acceptOffer().credential();

    FakeVerifier.Request r = fx.verifier.createMdocRequest("given_name", "age_over_19");
    PresentationRequest req = wallet.receive(r.link());
    ConsentView view = req.consent();
    assertThat(view.items())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.queryId()).isEqualTo("mdl_mdoc");
              assertThat(i.credentialId()).isEqualTo(c.id());
              assertThat(i.credentialType()).isEqualTo("kr.mdl");
              assertThat(i.claims())
                  .extracting(ConsentView.SharedClaim::name)
                  .containsExactly("given_name", "age_over_19");
              assertThat(i.claims())
                  .extracting(ConsentView.SharedClaim::value)
                  .containsExactly("길동", "yes (예)");
              assertThat(i.claims().get(0).label().en()).isEqualTo("Given names");
            });

    PresentationResult result = wallet.respond(req, view.approve());

    assertThat(result.verified()).isTrue();
    assertThat(result.checks()).contains("mdoc.device_auth: PASSED", "mdoc.value_digests: PASSED");
    FakeVerifier.Submission sub = fx.verifier.submissions.get(0);
    assertThat(sub.presentations()).containsOnlyKeys("mdl_mdoc");
    assertThat(sub.mdocFailures()).isEmpty();
    VerifiedDocument doc = sub.mdocResults().get("mdl_mdoc");
    assertThat(doc.docType()).isEqualTo(FakeIssuer.DOCTYPE);
    assertThat(doc.elements()).containsOnlyKeys(FakeIssuer.NAMESPACE);
    assertThat(doc.elements().get(FakeIssuer.NAMESPACE))
        .containsOnlyKeys("given_name", "age_over_19");
    assertThat(doc.element(FakeIssuer.NAMESPACE, "given_name").orElseThrow().AsString())
        .isEqualTo("길동");
    assertThat(doc.issuer().iaca()).contains(fx.issuer.iaca);
    // The device key is one of the mdoc proof keys, not an SD-JWT VC key.
    String deviceKey = doc.mso().deviceKey().thumbprint();
    assertThat(thumbprints(fx.issuer.mdocProofKeys.get(0))).contains(deviceKey);

    // Bound to this session: the same response does not verify for another nonce or verifier.
    byte[] response = Base64Url.decode(sub.presentations().get("mdl_mdoc"));
    MdocVerifier v =
        new MdocVerifier(IssuerTrust.iacaRoots(List.of(fx.issuer.iaca)), Clock.systemUTC());
    assertThat(v.verify(response, fx.verifier.transcript(r))).hasSize(1);
    SessionTranscript otherNonce =
        SessionTranscript.openId4VpRedirect(
            fx.verifier.clientId, "another-nonce", Optional.empty(), fx.verifier.base + "/x");
    assertThatThrownBy(() -> v.verify(response, otherNonce))
        .isInstanceOf(MdocException.class)
        .satisfies(
            e ->
                assertThat(((MdocException) e).reason())
                    .isEqualTo(MdocException.Reason.DEVICE_SIGNATURE_INVALID));

    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.VERIFIED);
    assertThat(h.claims()).containsExactly("given_name", "age_over_19");
    assertThat(wallet.credential(c.id()).unusedMdocCopies()).isEqualTo(2);
    assertThat(wallet.credential(c.id()).unusedCopies()).isEqualTo(3); // SD-JWT VCs untouched
  }

  @Test
  void mdocCopiesRotateLeastUsedFirst() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    WalletCredential c = acceptOffer().credential();
    List<String> used = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PresentationRequest req = wallet.receive(fx.verifier.createMdocRequest("given_name").link());
      assertThat(wallet.respond(req, req.consent().approve()).verified()).isTrue();
      used.add(
          fx.verifier
              .submissions
              .get(i)
              .mdocResults()
              .get("mdl_mdoc")
              .mso()
              .deviceKey()
              .thumbprint());
    }
    assertThat(new HashSet<>(used.subList(0, 3))).hasSize(3);
    assertThat(used.subList(0, 3)).contains(used.get(3));
    assertThat(wallet.credential(c.id()).unusedMdocCopies()).isZero();
  }

  @Test
  void anSdJwtQueryIsNotAnsweredFromAnMdocOnlyCredentialNorTheOtherWayRound() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    acceptOffer();
    assertThatThrownBy(
            () -> wallet.receive(fx.verifier.createRequest("given_name", "age_over_19").link()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.NO_MATCHING_CREDENTIAL));

    fx.issuer.offerSdJwt = true;
    fx.issuer.offerMdoc = false;
    acceptOffer();
    FakeVerifier.Spec s = new FakeVerifier.Spec();
    s.claims = List.of("given_name");
    s.mdocDoctype = FakeIssuer.DOCTYPE;
    s.mdocNamespace = "org.example.other";
    assertThatThrownBy(() -> wallet.receive(fx.verifier.createRequest(s).link()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.NO_MATCHING_CREDENTIAL));
  }

  @Test
  void anMdocOfAnotherDoctypeIsRefusedAndNothingIsStored() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    fx.issuer.mdocDoctype = "org.example.other.1";
    assertThatThrownBy(this::acceptOffer)
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("doctype org.example.other.1")
        .hasMessageContaining(FakeIssuer.DOCTYPE);
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void aTamperedMdocIsRefusedAndNothingIsStored() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    fx.issuer.tamperMdoc = true;
    assertThatThrownBy(this::acceptOffer)
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("DIGEST_MISMATCH");
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void anMdocBoundToAnotherKeyIsRefused() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    fx.issuer.mdocBindToOtherKey = true;
    assertThatThrownBy(this::acceptOffer)
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("device key this wallet did not generate");
  }

  @Test
  void whenTheMdocIsRefusedTheSdJwtVcIsStillKeptAndTheFailureReported() throws Exception {
    fx.issuer.offerMdoc = true;
    fx.issuer.tamperMdoc = true;
    Acceptance a = acceptOffer();

    assertThat(a.complete()).isFalse();
    assertThat(a.mdocProblem())
        .hasValueSatisfying(
            e -> {
              assertThat(e.code()).isEqualTo(WalletError.CREDENTIAL_INVALID);
              assertThat(e.getMessage()).contains("DIGEST_MISMATCH");
            });
    WalletCredential c = a.credential();
    assertThat(c.formats()).containsExactly("dc+sd-jwt");
    assertThat(c.copies()).isEqualTo(3);
    assertThat(c.mdocCopies()).isZero();
    HistoryEntry failed = wallet.history().get(wallet.history().size() - 1);
    assertThat(failed.kind()).isEqualTo(HistoryEntry.Kind.ISSUANCE);
    assertThat(failed.outcome()).isEqualTo(HistoryEntry.Outcome.FAILED);
    assertThat(failed.code()).isEqualTo("CREDENTIAL_INVALID");
    assertThat(failed.detail()).contains("mdoc").contains(FakeIssuer.DOCTYPE);
    // The SD-JWT VC still works.
    PresentationRequest req = wallet.receive(fx.verifier.createRequest("given_name").link());
    assertThat(wallet.respond(req, req.consent().approve()).verified()).isTrue();
  }

  @Test
  void anMdocMustChainToTheIacaItsIssuerPublishesOnTheLedger() throws Exception {
    fx.issuer.offerMdoc = true;
    // The issuer's DID document lists no IACA: the mdoc is refused, the SD-JWT VC kept.
    fx.ledger.publishIaca(fx.issuer.did, List.of());
    Acceptance a = acceptOffer();
    assertThat(a.mdocProblem())
        .hasValueSatisfying(e -> assertThat(e.getMessage()).contains("publishes no IACA"));
    assertThat(a.credential().formats()).containsExactly("dc+sd-jwt");

    // Another IACA than the one that certified the document signer: untrusted.
    var rogueKey =
        kr.kdid.core.crypto.SoftwareKey.generate(kr.kdid.core.crypto.SignatureAlgorithm.ES256);
    var rogue =
        kr.kdid.credentials.mdoc.MdocCertificates.createIaca(
            rogueKey,
            "K-DID Test IACA",
            "KR",
            fx.issuer.did.toString(),
            java.time.Instant.now().minusSeconds(60),
            java.time.Instant.now().plusSeconds(86_400),
            new java.security.SecureRandom());
    fx.ledger.publishIaca(fx.issuer.did, List.of(rogue));
    Acceptance b = acceptOffer();
    assertThat(b.mdocProblem())
        .hasValueSatisfying(e -> assertThat(e.getMessage()).contains("UNTRUSTED_ISSUER"));
  }

  @Test
  void whenTheIssuerRefusesTheMdocTheSdJwtVcIsKept() throws Exception {
    fx.issuer.offerMdoc = true;
    fx.issuer.rejectMdoc = true;
    Acceptance a = acceptOffer();
    assertThat(a.mdocProblem())
        .hasValueSatisfying(
            e -> {
              assertThat(e.code()).isEqualTo(WalletError.ISSUER_REJECTED);
              assertThat(e.remoteCode()).isEqualTo("MDOC_UNAVAILABLE");
            });
    assertThat(wallet.credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.copies()).isEqualTo(3);
              assertThat(c.mdocCopies()).isZero();
            });
  }

  @Test
  void anOldWalletFileWithoutMdocsStillLoads() throws Exception {
    fx.receive(wallet);
    wallet.close();
    WalletStore store = fx.store(dir);
    ObjectNode state;
    try (WalletStore.Session s = store.open(Fixture.PIN.toCharArray())) {
      state = (ObjectNode) Json.parse(s.read());
    }
    // What version 1 wrote: no doctype, no mdocCopies.
    assertThat(state.toString()).doesNotContain("mdocCopies").doesNotContain("doctype");
    state.put("version", 1);
    Path old = dir.resolve("old");
    try (WalletStore.Session s =
        fx.store(old).create(Fixture.PIN.toCharArray(), Json.bytes(state))) {
      assertThat(s.read()).isNotEmpty();
    }

    wallet = fx.openWallet(old);
    WalletCredential c = wallet.credentials().get(0);
    assertThat(c.formats()).containsExactly("dc+sd-jwt");
    assertThat(c.doctype()).isNull();
    assertThat(c.mdocCopies()).isZero();
    assertThat(wallet.show(c.id()).claims()).isNotEmpty();
    PresentationRequest req = wallet.receive(fx.verifier.createRequest("given_name").link());
    assertThat(wallet.respond(req, req.consent().approve()).verified()).isTrue();
    wallet.close();
    try (WalletStore.Session s = fx.store(old).open(Fixture.PIN.toCharArray())) {
      assertThat(Json.parse(s.read()).path("version").asInt()).isEqualTo(2);
    }
    wallet = fx.openWallet(old);
  }

  @Test
  void aWalletFileOfANewerVersionIsRefused() throws Exception {
    wallet.close();
    ObjectNode state = Json.object();
    state.put("version", 3);
    state.putArray("credentials");
    state.putArray("history");
    Path newer = dir.resolve("newer");
    fx.store(newer).create(Fixture.PIN.toCharArray(), Json.bytes(state)).close();
    assertThatThrownBy(() -> fx.openWallet(newer))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_CORRUPT));
    wallet = fx.openWallet(dir);
  }

  @Test
  void anMdocDeviceKeyIsTheProofKey() throws Exception {
    fx.issuer.offerSdJwt = false;
    fx.issuer.offerMdoc = true;
    acceptOffer();
    PresentationRequest req = wallet.receive(fx.verifier.createMdocRequest("family_name").link());
    wallet.respond(req, req.consent().approve());
    VerifiedDocument doc = fx.verifier.submissions.get(0).mdocResults().get("mdl_mdoc");
    Set<VerificationKey> proofKeys = new HashSet<>();
    for (Jwk k : fx.issuer.mdocProofKeys.get(0)) {
      proofKeys.add(VerificationKey.fromJwk(k));
    }
    assertThat(proofKeys).contains(doc.mso().deviceKey());
  }
}
