package kr.kdid.wallet.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.wallet.CredentialDetails;
import kr.kdid.wallet.HistoryEntry;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.fakes.FakeIssuer;
import kr.kdid.wallet.fakes.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenID4VCI client against a fake issuer that checks proofs and nonces and really signs. */
class IssuanceTest {
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

  WalletCredential accept(FakeIssuer.Offer offer, String txCode) throws WalletException {
    return wallet.accept(wallet.prepareOffer(wallet.resolveOffer(offer.byValue())), txCode);
  }

  @Test
  void aBatchIsReceivedVerifiedAndStoredWithItsEvent() throws Exception {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    PreparedOffer prepared = wallet.prepareOffer(wallet.resolveOffer(offer.byValue()));
    assertThat(prepared.metadata().name().en()).isEqualTo("Korean National Police Agency");
    assertThat(prepared.metadata().name().ko()).isEqualTo("경찰청");
    assertThat(prepared.metadata().batchSize()).isEqualTo(3);

    WalletCredential c = wallet.accept(prepared, offer.txCode());
    assertThat(c.credentialType()).isEqualTo("kr.mdl");
    assertThat(c.vct()).isEqualTo(FakeIssuer.VCT);
    assertThat(c.name().ko()).isEqualTo("모바일 운전면허증");
    assertThat(c.issuer()).isEqualTo(fx.issuer.credentialIssuer);
    assertThat(c.issuerDid()).isEqualTo(fx.issuer.did.toString());
    assertThat(c.copies()).isEqualTo(3);
    assertThat(c.unusedCopies()).isEqualTo(3);
    assertThat(c.expiresAt()).isNotNull();

    // One request with three proofs, three distinct fresh keys.
    assertThat(fx.issuer.proofKeys).hasSize(1);
    List<Jwk> keys = fx.issuer.proofKeys.get(0);
    assertThat(keys).hasSize(3);
    assertThat(new HashSet<>(keys.stream().map(Jwk::thumbprint).toList())).hasSize(3);

    // The issuance event, with its salt, is in the history.
    HistoryEntry h = wallet.history().get(0);
    assertThat(h.kind()).isEqualTo(HistoryEntry.Kind.ISSUANCE);
    assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.ISSUED);
    assertThat(h.event()).isEqualTo(fx.issuer.events.get(0));
    assertThat(h.credentialId()).isEqualTo(c.id());
  }

  @Test
  void theCredentialSurvivesReopeningAndShowsLabelledClaims() throws Exception {
    WalletCredential c = fx.receive(wallet);
    wallet.close();
    wallet = fx.openWallet(dir);
    assertThat(wallet.credentials()).extracting(WalletCredential::id).containsExactly(c.id());
    CredentialDetails d = wallet.show(c.id().substring(0, 6));
    assertThat(d.claims())
        .extracting(CredentialDetails.ClaimValue::name)
        .startsWith("family_name", "given_name", "birth_date")
        .contains("age_over_19")
        .doesNotContain("cnf", "status", "iss", "vct");
    CredentialDetails.ClaimValue given =
        d.claims().stream().filter(v -> v.name().equals("given_name")).findFirst().orElseThrow();
    assertThat(given.label().ko()).isEqualTo("이름");
    assertThat(given.label().en()).isEqualTo("Given names");
    assertThat(given.displayValue()).isEqualTo("길동");
    assertThat(d.toString()).doesNotContain("길동");
  }

  @Test
  void eachCopyIsBoundToItsOwnKeyAndSigned() throws Exception {
    fx.receive(wallet);
    // Read the stored copies back through the sealed state: each cnf key distinct.
    wallet.close();
    try (var s = fx.store(dir).open(Fixture.PIN.toCharArray())) {
      String json = new String(s.read(), java.nio.charset.StandardCharsets.UTF_8);
      var copies = kr.kdid.core.json.Json.parse(json).path("credentials").get(0).path("copies");
      Set<String> cnf = new HashSet<>();
      for (var k : copies) {
        SdJwt sd = SdJwt.parseIssued(k.path("sdJwt").asText());
        cnf.add(
            Jwk.fromJson(SdJwtProcessor.process(sd).payload().path("cnf").get("jwk")).thumbprint());
        assertThat(k.path("thumbprint").asText()).isIn(cnf);
      }
      assertThat(cnf).hasSize(3);
    }
    wallet = fx.openWallet(dir);
  }

  @Test
  void aWrongTransactionCodeShowsTheIssuersCode() throws Exception {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    String wrong = offer.txCode().equals("000000") ? "000001" : "000000";
    assertThatThrownBy(() -> accept(offer, wrong))
        .satisfies(
            e -> {
              WalletException w = (WalletException) e;
              assertThat(w.code()).isEqualTo(WalletError.ISSUER_REJECTED);
              assertThat(w.remoteCode()).isEqualTo("TX_CODE_WRONG");
              assertThat(w.getMessage()).contains("wrong transaction code");
            });
    assertThat(wallet.credentials()).isEmpty();
    // The code was not used up: the right code still works.
    assertThat(accept(offer, offer.txCode()).copies()).isEqualTo(3);
  }

  @Test
  void aMissingOrMisshapenTransactionCodeIsCaughtBeforeAskingTheIssuer() throws Exception {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> accept(offer, null))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.TX_CODE_REQUIRED));
    assertThatThrownBy(() -> accept(offer, "12345"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.TX_CODE_INVALID));
    assertThat(fx.issuer.proofKeys).isEmpty();
  }

  @Test
  void aSecondRedemptionOfTheSameOfferIsRefusedByTheIssuer() throws Exception {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    accept(offer, offer.txCode());
    assertThatThrownBy(() -> accept(offer, offer.txCode()))
        .satisfies(
            e ->
                assertThat(((WalletException) e).remoteCode())
                    .isEqualTo("PRE_AUTHORIZED_CODE_USED"));
  }

  @Test
  void metadataOfAnotherIssuerIsNotUsed() throws Exception {
    fx.issuer.metadataIssuer = "https://elsewhere.example/issuers/police";
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> wallet.prepareOffer(wallet.resolveOffer(offer.byValue())))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.ISSUER_METADATA_INVALID));
  }

  @Test
  void anUnsupportedFormatIsRefusedBeforeRedeeming() throws Exception {
    fx.issuer.format = "jwt_vc_json";
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> wallet.prepareOffer(wallet.resolveOffer(offer.byValue())))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CONFIGURATION_UNSUPPORTED));
  }

  @Test
  void aCredentialSignedWithAnotherKeyIsRefusedAndNothingIsStored() throws Exception {
    fx.issuer.signWith = SoftwareKey.generate(SignatureAlgorithm.ES256);
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> accept(offer, offer.txCode()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("issuer_signature");
    assertThat(wallet.credentials()).isEmpty();
    assertThat(wallet.history()).isEmpty();
  }

  @Test
  void aCredentialBoundToAKeyTheWalletDidNotMakeIsRefused() throws Exception {
    fx.issuer.bindToOtherKey = true;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> accept(offer, offer.txCode()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("did not generate");
  }

  @Test
  void aCredentialOfAnotherTypeIsRefused() throws Exception {
    fx.issuer.vct = "urn:kdid:kr:other:1";
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> accept(offer, offer.txCode()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("type");
  }

  @Test
  void anIssuerKeyMissingFromItsDidDocumentIsRefused() throws Exception {
    // The metadata publishes, under the DID URL kid, a key the DID document does not list, and
    // the credentials are signed with it: the signature checks out against the metadata only.
    SoftwareKey rogue = SoftwareKey.generate(SignatureAlgorithm.ES256);
    fx.issuer.publishKey = rogue;
    fx.issuer.signWith = rogue;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThatThrownBy(() -> accept(offer, offer.txCode()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_INVALID))
        .hasMessageContaining("issuer_key")
        .hasMessageContaining("differs from its DID document");
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void anUnreachableLedgerIsReportedAsSuch() throws Exception {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    PreparedOffer p = wallet.prepareOffer(wallet.resolveOffer(offer.byValue()));
    fx.ledger.setDown(true);
    assertThatThrownBy(() -> wallet.accept(p, offer.txCode()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.LEDGER_UNAVAILABLE));
  }

  @Test
  void anInvalidNonceIsRetriedOnceWithAFreshOne() throws Exception {
    fx.issuer.rejectNoncesOnce = 1;
    assertThat(fx.receive(wallet).copies()).isEqualTo(3);
    fx.issuer.rejectNoncesOnce = 2;
    assertThatThrownBy(() -> fx.receive(wallet))
        .satisfies(e -> assertThat(((WalletException) e).remoteCode()).isEqualTo("NONCE_EXPIRED"));
  }

  @Test
  void theBatchIsCappedByTheWalletAndTheIssuer() throws Exception {
    fx.issuer.batchSize = 2;
    assertThat(fx.receive(wallet).copies()).isEqualTo(2);
  }

  @Test
  void withoutAnEventTheCredentialIsStillStored() throws Exception {
    fx.issuer.omitEvent = true;
    fx.receive(wallet);
    assertThat(wallet.history().get(0).event()).isNull();
  }

  @Test
  void changingThePinKeepsTheCredentials() throws Exception {
    WalletCredential c = fx.receive(wallet);
    assertThatThrownBy(() -> wallet.changePin("111111".toCharArray()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.PIN_INVALID));
    wallet.changePin("730195".toCharArray());
    wallet.close();
    assertThatThrownBy(() -> fx.openWallet(dir))
        .isInstanceOf(kr.kdid.wallet.WrongPinException.class);
    wallet = Wallet.open(fx.store(dir), "730195".toCharArray(), fx.context());
    assertThat(wallet.credentials()).extracting(WalletCredential::id).containsExactly(c.id());
  }

  @Test
  void unknownIdsAreReported() {
    assertThatThrownBy(() -> wallet.show("nope"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_NOT_FOUND));
    assertThatThrownBy(() -> wallet.delete("abc"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.CREDENTIAL_NOT_FOUND));
  }

  @Test
  void deleteRemovesTheCredentialButKeepsTheHistory() throws Exception {
    WalletCredential c = fx.receive(wallet);
    assertThat(wallet.delete(c.id()).id()).isEqualTo(c.id());
    assertThat(wallet.credentials()).isEmpty();
    assertThat(wallet.history()).hasSize(1);
    wallet.close();
    wallet = fx.openWallet(dir);
    assertThat(wallet.credentials()).isEmpty();
  }
}
