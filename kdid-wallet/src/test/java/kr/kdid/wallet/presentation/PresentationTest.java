package kr.kdid.wallet.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.wallet.HistoryEntry;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.fakes.FakeVerifier;
import kr.kdid.wallet.fakes.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the wallet sends: only the consented claims, bound to this verifier and request. */
class PresentationTest {
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

  PresentationResult present(String... claims) throws WalletException {
    PresentationRequest req = wallet.receive(fx.verifier.createRequest(claims).link());
    return wallet.respond(req, req.consent().approve());
  }

  static String holderKey(String presentation) throws Exception {
    SdJwt sd = SdJwt.parse(presentation);
    return Jwk.fromJson(SdJwtProcessor.process(sd).payload().path("cnf").get("jwk")).thumbprint();
  }

  @Test
  void onlyTheConsentedClaimsAreDisclosedAndTheVerifierAccepts() throws Exception {
    FakeVerifier.Request r = fx.verifier.createRequest("given_name", "age_over_19");
    PresentationRequest req = wallet.receive(r.link());
    PresentationResult result = wallet.respond(req, req.consent().approve());

    assertThat(result.verified()).isTrue();
    assertThat(result.verifierName()).isEqualTo("Hana Bank");
    assertThat(result.checks()).contains("kb_jwt.aud: PASSED", "kb_jwt.sd_hash: PASSED");

    FakeVerifier.Submission sub = fx.verifier.submissions.get(0);
    assertThat(sub.form()).containsEntry("state", r.state()).containsKey("vp_token");
    assertThat(sub.presentations()).containsOnlyKeys("mdl");
    SdJwt sd = SdJwt.parse(sub.presentations().get("mdl"));
    assertThat(sd.disclosures())
        .extracting(Disclosure::name)
        .containsExactlyInAnyOrder("given_name", "age_over_19");
    ObjectNode disclosed = sub.results().get("mdl").payload();
    assertThat(disclosed.path("given_name").asText()).isEqualTo("길동");
    assertThat(disclosed.path("age_over_19").asBoolean()).isTrue();
    assertThat(disclosed.has("family_name")).isFalse();
    assertThat(disclosed.has("birth_date")).isFalse();
    assertThat(disclosed.has("portrait")).isFalse();

    // The KB-JWT: aud is the full client_id (prefix included), nonce the request's.
    ObjectNode kb = sd.keyBinding().payloadJson();
    assertThat(sd.keyBinding().typ()).isEqualTo(KeyBinding.TYP);
    assertThat(kb.path("aud").asText()).isEqualTo(fx.verifier.clientId);
    assertThat(kb.path("aud").asText()).startsWith("decentralized_identifier:did:kdid:");
    assertThat(kb.path("nonce").asText()).isEqualTo(r.nonce());
    // sd_hash and the signature by the cnf key, checked independently of the fake verifier.
    VerificationKey holder =
        VerificationKey.fromJwk(
            Jwk.fromJson(SdJwtProcessor.process(sd).payload().path("cnf").get("jwk")));
    List<KeyBinding.Outcome> outcomes =
        KeyBinding.evaluate(
            sd,
            holder,
            fx.verifier.clientId,
            r.nonce(),
            Instant.now(),
            Duration.ofMinutes(5),
            Duration.ofMinutes(1));
    assertThat(outcomes).allMatch(KeyBinding.Outcome::passed);
    // The same presentation does not pass for another verifier or another nonce.
    SdJwtVcVerifier.Result replay =
        new SdJwtVcVerifier((iss, kid) -> fx.issuer.key.publicKey())
            .verify(
                sd.serialize(),
                SdJwtVcVerifier.Options.withKeyBinding(
                    "decentralized_identifier:did:kdid:other",
                    r.nonce(),
                    Instant.now(),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(1)));
    assertThat(replay.ok()).isFalse();
    assertThat(replay.check(KeyBinding.AUDIENCE).orElseThrow().passed()).isFalse();

    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.VERIFIED);
    assertThat(h.party()).isEqualTo(fx.verifier.did.toString());
    assertThat(h.partyName()).isEqualTo("Hana Bank");
    assertThat(h.claims()).containsExactly("given_name", "age_over_19");
    assertThat(h.credentialId()).isEqualTo(mdl.id());
    assertThat(h.event()).isNotNull();
    assertThat(h.event().kind()).isEqualTo("verification");
    assertThat(h.event().party()).isEqualTo(fx.verifier.did.toString());
  }

  @Test
  void aRequestForNoClaimsDisclosesNone() throws Exception {
    FakeVerifier.Spec s = new FakeVerifier.Spec();
    s.claims = List.of();
    PresentationRequest req = wallet.receive(fx.verifier.createRequest(s).link());
    assertThat(req.consent().claimNames()).isEmpty();
    assertThat(wallet.respond(req, req.consent().approve()).verified()).isTrue();
    assertThat(SdJwt.parse(fx.verifier.submissions.get(0).presentations().get("mdl")).disclosures())
        .isEmpty();
  }

  @Test
  void eachPresentationUsesAnotherCopyLeastUsedFirst() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      assertThat(present("age_over_19").verified()).isTrue();
      keys.add(holderKey(fx.verifier.submissions.get(i).presentations().get("mdl")));
    }
    assertThat(keys.subList(0, 3)).doesNotHaveDuplicates();
    assertThat(keys.subList(0, 3)).contains(keys.get(3)); // the fourth reuses one of the three
    assertThat(wallet.credential(mdl.id()).unusedCopies()).isZero();
    // The counts survive reopening: the fifth presentation avoids the copy used twice.
    wallet.close();
    wallet = fx.openWallet(dir);
    assertThat(present("age_over_19").verified()).isTrue();
    String fifth = holderKey(fx.verifier.submissions.get(4).presentations().get("mdl"));
    assertThat(fifth).isNotEqualTo(keys.get(3)).isIn(keys);
  }

  @Test
  void decliningTellsTheVerifierAndSharesNothing() throws Exception {
    FakeVerifier.Request r = fx.verifier.createRequest("given_name");
    PresentationRequest req = wallet.receive(r.link());
    PresentationResult result = wallet.decline(req);
    assertThat(result.outcome()).isEqualTo(HistoryEntry.Outcome.DECLINED);
    FakeVerifier.Submission sub = fx.verifier.submissions.get(0);
    assertThat(sub.form())
        .containsEntry("error", "access_denied")
        .containsEntry("state", r.state())
        .doesNotContainKey("vp_token");
    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.DECLINED);
    assertThat(h.claims()).isEmpty();
    assertThat(h.event()).isNull();
    assertThat(wallet.credential(mdl.id()).unusedCopies()).isEqualTo(3);
  }

  @Test
  void aRejectionByTheVerifierIsRecordedWithItsCode() throws Exception {
    fx.verifier.rejectWith = "CREDENTIAL_REVOKED";
    PresentationResult r = present("given_name");
    assertThat(r.outcome()).isEqualTo(HistoryEntry.Outcome.REJECTED);
    assertThat(r.code()).isEqualTo("CREDENTIAL_REVOKED");
    assertThat(r.message()).isEqualTo("Hana Bank did not accept the presentation");
    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.REJECTED);
    assertThat(h.code()).isEqualTo("CREDENTIAL_REVOKED");
    assertThat(h.event()).isNull();
  }

  @Test
  void theVerifiersFailedChecksAreReported() throws Exception {
    fx.verifier.distrustAll();
    PresentationResult r = present("given_name");
    assertThat(r.outcome()).isEqualTo(HistoryEntry.Outcome.REJECTED);
    assertThat(r.code()).isEqualTo("PRESENTATION_INVALID");
    assertThat(r.message()).contains("failed checks: issuer_key");
    assertThat(r.checks()).contains("issuer_key: FAILED");
    assertThat(wallet.history().get(wallet.history().size() - 1).detail())
        .isEqualTo("failed checks: issuer_key");
  }

  @Test
  void anHttpErrorFromTheVerifierIsARejectionWithItsK_didCode() throws Exception {
    fx.verifier.httpStatus = 400;
    PresentationResult r = present("given_name");
    assertThat(r.outcome()).isEqualTo(HistoryEntry.Outcome.REJECTED);
    assertThat(r.code()).isEqualTo("PRESENTATION_REFUSED");
    assertThat(r.message()).contains("refused by test");
  }

  @Test
  void aCopyCountsAsUsedEvenWhenTheVerifierIsGone() throws Exception {
    PresentationRequest req = wallet.receive(fx.verifier.createRequest("given_name").link());
    fx.verifier.close();
    assertThatThrownBy(() -> wallet.respond(req, req.consent().approve()))
        .satisfies(e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.NETWORK));
    assertThat(wallet.credential(mdl.id()).unusedCopies()).isEqualTo(2);
    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.FAILED);
    assertThat(h.code()).isEqualTo("NETWORK");
  }

  @Test
  void consentForAnotherRequestIsRefused() throws Exception {
    PresentationRequest a = wallet.receive(fx.verifier.createRequest("given_name").link());
    PresentationRequest b = wallet.receive(fx.verifier.createRequest("age_over_19").link());
    assertThatThrownBy(() -> wallet.respond(b, a.consent().approve()))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.CONSENT_MISMATCH));
    assertThat(fx.verifier.submissions).isEmpty();
  }

  @Test
  void aMissingVerificationEventIsNoted() throws Exception {
    fx.verifier.omitEvent = true;
    assertThat(present("given_name").verified()).isTrue();
    HistoryEntry h = wallet.history().get(wallet.history().size() - 1);
    assertThat(h.event()).isNull();
    assertThat(h.detail()).contains("no verification event");
  }
}
