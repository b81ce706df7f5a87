package kr.kdid.wallet.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.wallet.HistoryEntry;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.fakes.FakeVerifier;
import kr.kdid.wallet.fakes.Fixture;
import kr.kdid.wallet.fakes.TestLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request Object validation and the registry check: every refusal happens before a consent view
 * exists, is recorded in the history, and sends nothing to the verifier.
 */
class RequestValidationTest {
  @TempDir Path dir;
  Fixture fx;
  Wallet wallet;
  WalletCredential mdl;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture();
    wallet = fx.newWallet(dir);
    mdl = fx.receive(wallet);
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fx.close();
  }

  FakeVerifier.Request request(Consumer<FakeVerifier.Spec> tweak) {
    FakeVerifier.Spec s = new FakeVerifier.Spec();
    tweak.accept(s);
    return fx.verifier.createRequest(s);
  }

  void assertRefused(String link, WalletError expected) {
    int before = wallet.history().size();
    assertThatThrownBy(() -> wallet.receive(link))
        .isInstanceOf(WalletException.class)
        .satisfies(e -> assertThat(((WalletException) e).code()).isEqualTo(expected));
    assertThat(fx.verifier.submissions).as("nothing is sent to the verifier").isEmpty();
    List<HistoryEntry> h = wallet.history();
    assertThat(h).hasSize(before + 1);
    HistoryEntry last = h.get(h.size() - 1);
    assertThat(last.kind()).isEqualTo(HistoryEntry.Kind.PRESENTATION);
    assertThat(last.outcome()).isEqualTo(HistoryEntry.Outcome.REFUSED);
    assertThat(last.code()).isEqualTo(expected.name());
    assertThat(last.claims()).isEmpty();
  }

  @Test
  void aGoodRequestGivesAConsentViewFromTheLedgerRegistration() throws Exception {
    FakeVerifier.Request r = fx.verifier.createRequest("given_name", "age_over_19");
    PresentationRequest req = wallet.receive(r.link());
    assertThat(req.request().clientId()).isEqualTo(fx.verifier.clientId);
    assertThat(req.request().nonce()).isEqualTo(r.nonce());
    assertThat(req.request().state()).isEqualTo(r.state());
    ConsentView v = req.consent();
    assertThat(v.verifierName()).isEqualTo("Hana Bank");
    assertThat(v.purpose()).isEqualTo("Age check at the counter");
    assertThat(v.verifierDid()).isEqualTo(fx.verifier.did.toString());
    assertThat(v.responseHost()).isEqualTo("127.0.0.1");
    assertThat(v.items()).hasSize(1);
    ConsentView.Item item = v.items().get(0);
    assertThat(item.credentialId()).isEqualTo(mdl.id());
    assertThat(item.credentialName().en()).isEqualTo("Mobile driver's licence");
    assertThat(item.issuerName().ko()).isEqualTo("경찰청");
    assertThat(item.claims())
        .extracting(
            ConsentView.SharedClaim::name, c -> c.label().ko(), ConsentView.SharedClaim::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("given_name", "이름", "길동"),
            org.assertj.core.groups.Tuple.tuple("age_over_19", "만 19세 이상", "yes (예)"));
    assertThat(v.toString()).doesNotContain("길동");
    assertThat(fx.verifier.submissions).isEmpty();
  }

  @Test
  void aBadSignatureIsRefused() {
    assertRefused(
        request(s -> s.signWith = SoftwareKey.generate(SignatureAlgorithm.ES256)).link(),
        WalletError.REQUEST_SIGNATURE_INVALID);
  }

  @Test
  void aKidOfAnotherDidThanTheClientIdIsRefused() {
    SoftwareKey other = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Did otherDid = fx.ledger.registerKey(other.publicKey(), Relationship.AUTHENTICATION);
    assertRefused(
        request(
                s -> {
                  s.signWith = other;
                  s.kid = otherDid.withFragment("key-1");
                })
            .link(),
        WalletError.REQUEST_KEY_INVALID);
  }

  @Test
  void aWrongTypIsRefused() {
    assertRefused(request(s -> s.typ = "JWT").link(), WalletError.REQUEST_TYPE_INVALID);
  }

  @Test
  void anExpiredRequestIsRefused() {
    assertRefused(
        request(s -> s.expiresIn = Duration.ofMinutes(-10)).link(), WalletError.REQUEST_EXPIRED);
  }

  @Test
  void aClientIdDifferentFromTheLinksIsRefused() {
    assertRefused(
        request(s -> s.payloadClientId = fx.verifier.clientId + "x").link(),
        WalletError.CLIENT_ID_MISMATCH);
  }

  @Test
  void anotherResponseModeIsRefused() {
    assertRefused(
        request(s -> s.responseMode = "fragment").link(), WalletError.REQUEST_UNSUPPORTED);
  }

  @Test
  void aPlainHttpResponseUriToAnotherMachineIsRefused() {
    assertRefused(
        request(s -> s.responseUri = "http://verifier.example/post").link(),
        WalletError.URL_NOT_ALLOWED);
  }

  @Test
  void aKeyNotAuthorisedForAuthenticationIsRefused() throws Exception {
    try (FakeVerifier v = new FakeVerifier(fx.ledger, Relationship.CAPABILITY_INVOCATION)) {
      fx.ledger.register(v.did, TestLedger.mdlRegistration("Other", true, "given_name"));
      assertRefused(v.createRequest("given_name").link(), WalletError.REQUEST_KEY_INVALID);
    }
  }

  @Test
  void anUnresolvableVerifierDidIsRefused() {
    SoftwareKey ghost = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Did ghostDid = KdidMethod.didFor(ghost.publicKey());
    String clientId = "decentralized_identifier:" + ghostDid;
    assertRefused(
        request(
                s -> {
                  s.signWith = ghost;
                  s.kid = ghostDid.withFragment("key-1");
                  s.linkClientId = clientId;
                  s.payloadClientId = clientId;
                })
            .link(),
        WalletError.DID_UNRESOLVABLE);
  }

  @Test
  void anUnregisteredVerifierIsRefused() {
    fx.ledger.unregister(fx.verifier.did);
    assertRefused(fx.verifier.createRequest("given_name").link(), WalletError.RP_NOT_REGISTERED);
  }

  @Test
  void aSuspendedVerifierIsRefused() {
    fx.ledger.register(
        fx.verifier.did, TestLedger.mdlRegistration("Hana Bank", false, "given_name"));
    assertRefused(fx.verifier.createRequest("given_name").link(), WalletError.RP_NOT_REGISTERED);
  }

  @Test
  void aClaimOutsideTheRegistrationIsRefusedBeforeConsent() {
    assertRefused(
        fx.verifier.createRequest("given_name", "birth_date").link(),
        WalletError.RP_NOT_REGISTERED_FOR_CLAIM);
    HistoryEntry last = wallet.history().get(wallet.history().size() - 1);
    assertThat(last.detail()).contains("birth_date").doesNotContain("given_name,");
    assertThat(last.partyName()).isEqualTo("Hana Bank");
  }

  @Test
  void anUnknownCredentialTypeIsRefused() {
    assertRefused(
        request(s -> s.vct = "urn:example:unknown").link(), WalletError.CREDENTIAL_TYPE_UNKNOWN);
  }

  @Test
  void withoutAMatchingCredentialTheRequestIsRefused() throws Exception {
    wallet.delete(mdl.id());
    assertRefused(
        fx.verifier.createRequest("given_name").link(), WalletError.NO_MATCHING_CREDENTIAL);
    assertThat(wallet.history().get(wallet.history().size() - 1).partyName())
        .isEqualTo("Hana Bank");
  }

  @Test
  void linksThatAreNotDidClientsOrNotSignedAreRefused() {
    assertRefused(
        "openid4vp://?client_id=redirect_uri%3Ahttps%3A%2F%2Fv.example%2Fcb&request=a.b.c",
        WalletError.REQUEST_UNSUPPORTED);
    assertRefused(
        "openid4vp://?client_id=decentralized_identifier%3Adid%3Akdid%3Aabc&response_type=vp_token",
        WalletError.REQUEST_UNSUPPORTED);
    assertRefused("https://example.com/?client_id=x&request_uri=y", WalletError.REQUEST_MALFORMED);
    assertRefused(
        "openid4vp://?client_id=x&request_uri=https%3A%2F%2Fv.example%2Fr&request_uri_method=put",
        WalletError.REQUEST_MALFORMED);
  }

  @Test
  void theVerifiersRefusalToServeTheRequestIsReported() {
    String link =
        "openid4vp://?client_id="
            + java.net.URLEncoder.encode(
                fx.verifier.clientId, java.nio.charset.StandardCharsets.UTF_8)
            + "&request_uri="
            + java.net.URLEncoder.encode(
                fx.verifier.base + "/requests/unknown", java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> wallet.receive(link))
        .satisfies(
            e -> {
              assertThat(((WalletException) e).code()).isEqualTo(WalletError.VERIFIER_REJECTED);
              assertThat(((WalletException) e).remoteCode()).isEqualTo("REQUEST_UNKNOWN");
            });
  }

  @Test
  void anUnreachableLedgerIsReported() {
    FakeVerifier.Request r = fx.verifier.createRequest("given_name");
    fx.ledger.setDown(true);
    assertThatThrownBy(() -> wallet.receive(r.link()))
        .satisfies(
            e ->
                assertThat(((WalletException) e).code()).isEqualTo(WalletError.LEDGER_UNAVAILABLE));
    assertThat(wallet.history().get(wallet.history().size() - 1).outcome())
        .isEqualTo(HistoryEntry.Outcome.FAILED);
  }
}
