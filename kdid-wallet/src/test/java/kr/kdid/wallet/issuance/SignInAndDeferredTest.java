package kr.kdid.wallet.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletContext;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.fakes.FakeIssuer;
import kr.kdid.wallet.fakes.Fixture;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.storage.SoftwareHolderKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow (PKCE S256, state, issuer check) and deferred issuance of the
 * issuance client, against the fake issuer on loopback.
 */
class SignInAndDeferredTest {
  static final String CLIENT = "kdid-wallet";
  static final String REDIRECT = "http://127.0.0.1:47001/cb";

  Fixture fx;
  IssuanceClient client;
  SoftwareHolderKeys keys;
  final HttpClient browserHttp = HttpClient.newHttpClient(); // never follows redirects

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture();
    WalletContext ctx = fx.context();
    keys = new SoftwareHolderKeys(fx.random);
    client =
        new IssuanceClient(
            new JsonHttp(fx.transport),
            ctx.networkPolicy(),
            keys,
            fx.ledger,
            ctx.clock(),
            3,
            Duration.ofMinutes(1));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** A browser in which the holder signs in: it returns where the issuer redirected. */
  private String browse(URI url) throws WalletException {
    try {
      HttpResponse<String> r =
          browserHttp.send(
              HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.headers().firstValue("Location").orElseThrow();
    } catch (Exception e) {
      throw new WalletException(WalletError.NETWORK, e.toString());
    }
  }

  private PreparedOffer signInOffer(String issuerState) throws WalletException {
    return client.prepare(
        new CredentialOffer(
            fx.issuer.credentialIssuer,
            List.of(FakeIssuer.CONFIG),
            null,
            null,
            new CredentialOffer.AuthorizationCodeGrant(issuerState)));
  }

  @Test
  void pkceChallengeMatchesRfc7636AppendixB() {
    assertThat(SignInRequest.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void signsInWithPkceAndReceivesVerifiedCredentials() throws Exception {
    PreparedOffer prepared = signInOffer("issuer-state-1");
    assertThat(prepared.metadata().authorization()).isNotNull();
    IssuanceClient.Outcome out = client.redeemWithSignIn(prepared, CLIENT, REDIRECT, this::browse);
    assertThat(out).isInstanceOf(IssuanceClient.Outcome.Issued.class);
    IssuedBatch batch = ((IssuanceClient.Outcome.Issued) out).batch();
    assertThat(batch.copies()).hasSize(3);
    assertThat(batch.issuerDid()).isEqualTo(fx.issuer.did.toString());

    Map<String, String> q = fx.issuer.lastAuthorizationQuery;
    assertThat(q.get("response_type")).isEqualTo("code");
    assertThat(q.get("client_id")).isEqualTo(CLIENT);
    assertThat(q.get("redirect_uri")).isEqualTo(REDIRECT);
    assertThat(q.get("code_challenge_method")).isEqualTo("S256");
    assertThat(q.get("code_challenge")).hasSize(43);
    assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("issuer_state")).isEqualTo("issuer-state-1");
    assertThat(
            Json.parse(q.get("authorization_details"))
                .get(0)
                .path("credential_configuration_id")
                .asText())
        .isEqualTo(FakeIssuer.CONFIG);
  }

  @Test
  void aRedirectWithAnotherStateIsRefused() throws Exception {
    PreparedOffer prepared = signInOffer(null);
    assertThatThrownBy(
            () ->
                client.redeemWithSignIn(
                    prepared,
                    CLIENT,
                    REDIRECT,
                    url -> browse(url).replaceFirst("state=[^&]*", "state=forged")))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.SIGN_IN_FAILED))
        .hasMessageContaining("state");
    assertThat(fx.issuer.proofKeys).isEmpty(); // no credential was asked for
  }

  @Test
  void anErrorOrAnotherIssuerInTheRedirectIsRefused() throws Exception {
    PreparedOffer prepared = signInOffer(null);
    assertThatThrownBy(
            () ->
                client.redeemWithSignIn(
                    prepared,
                    CLIENT,
                    REDIRECT,
                    url -> {
                      String state = browse(url).replaceAll(".*state=([^&]*).*", "$1");
                      return REDIRECT
                          + "?error=access_denied&state="
                          + state
                          + "&iss="
                          + java.net.URLEncoder.encode(
                              fx.issuer.credentialIssuer, java.nio.charset.StandardCharsets.UTF_8);
                    }))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.SIGN_IN_FAILED))
        .hasMessageContaining("access_denied");
    assertThatThrownBy(
            () ->
                client.redeemWithSignIn(
                    prepared,
                    CLIENT,
                    REDIRECT,
                    url -> browse(url).replaceFirst("iss=[^&]*", "iss=http%3A%2F%2Fevil.example")))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.SIGN_IN_FAILED))
        .hasMessageContaining("issuer");
    assertThatThrownBy(
            () ->
                client.redeemWithSignIn(
                    prepared, CLIENT, REDIRECT, url -> "http://127.0.0.1:1/elsewhere?code=x"))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.SIGN_IN_FAILED));
  }

  @Test
  void signingInForBothFormatsAsksForBothAndReceivesBoth() throws Exception {
    PreparedOffer prepared =
        client.prepare(
            new CredentialOffer(
                fx.issuer.credentialIssuer,
                List.of(FakeIssuer.CONFIG, FakeIssuer.DOCTYPE),
                null,
                null,
                new CredentialOffer.AuthorizationCodeGrant(null)));
    IssuedBatch batch =
        ((IssuanceClient.Outcome.Issued)
                client.redeemWithSignIn(prepared, CLIENT, REDIRECT, this::browse))
            .batch();
    assertThat(batch.copies()).hasSize(3);
    assertThat(batch.mdocBatch()).hasValueSatisfying(m -> assertThat(m.copies()).hasSize(3));
    assertThat(batch.mdocFailure()).isNull();
    var details = Json.parse(fx.issuer.lastAuthorizationQuery.get("authorization_details"));
    assertThat(details).hasSize(2);
    assertThat(details.get(1).path("credential_configuration_id").asText())
        .isEqualTo(FakeIssuer.DOCTYPE);
  }

  @Test
  void anOfferOfMoreThanOneCredentialIsRefused() throws Exception {
    assertThatThrownBy(
            () ->
                client.prepare(
                    new CredentialOffer(
                        fx.issuer.credentialIssuer,
                        List.of(FakeIssuer.CONFIG, FakeIssuer.CONFIG + "x", FakeIssuer.DOCTYPE),
                        null,
                        null,
                        new CredentialOffer.AuthorizationCodeGrant(null))))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.OFFER_UNSUPPORTED));
  }

  @Test
  void aPreAuthorizedOnlyCallCannotTakeASignInOffer() throws Exception {
    assertThatThrownBy(() -> client.redeem(signInOffer(null), null))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.OFFER_UNSUPPORTED));
  }

  @Test
  void deferredIssuanceIsPolledUntilApprovedThenBoundToTheOriginalKeys() throws Exception {
    fx.issuer.deferIssuance = true;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    PreparedOffer prepared = client.prepare(client.resolveOffer(offer.byValue()));
    IssuanceClient.Outcome out = client.redeemOrDefer(prepared, offer.txCode());
    assertThat(out).isInstanceOf(IssuanceClient.Outcome.Deferred.class);
    DeferredCredential pending = ((IssuanceClient.Outcome.Deferred) out).pending();
    assertThat(pending.notBefore()).isAfter(java.time.Instant.now());
    assertThat(pending.toString()).doesNotContain(pending.accessToken());

    // Kept in the wallet's storage and read back.
    DeferredCredential stored =
        DeferredCredential.fromJson(Json.parse(Json.string(pending.toJson())));
    assertThat(stored).isEqualTo(pending);

    IssuanceClient.Outcome early = client.poll(stored);
    assertThat(early).isInstanceOf(IssuanceClient.Outcome.Deferred.class);
    assertThat(fx.issuer.deferredPolls).isEqualTo(1);

    fx.issuer.approve();
    IssuanceClient.Outcome done = client.poll(((IssuanceClient.Outcome.Deferred) early).pending());
    assertThat(done).isInstanceOf(IssuanceClient.Outcome.Issued.class);
    IssuedBatch batch = ((IssuanceClient.Outcome.Issued) done).batch();
    List<String> proven = fx.issuer.proofKeys.get(0).stream().map(Jwk::thumbprint).toList();
    assertThat(batch.copies()).hasSize(3);
    assertThat(batch.copies().stream().map(IssuedBatch.Copy::keyThumbprint).toList())
        .containsExactlyInAnyOrderElementsOf(proven);
    assertThat(batch.copies().get(0).keyReference()).isIn(pending.keyReferences());

    // Collected: the transaction is gone, and the wallet says so.
    assertThatThrownBy(() -> client.poll(pending))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.ISSUER_REJECTED))
        .satisfies(
            e ->
                assertThat(((WalletException) e).remoteCode()).isEqualTo("UNKNOWN_TRANSACTION_ID"));
  }

  @Test
  void thePlainRedeemStillRefusesADeferral() throws Exception {
    fx.issuer.deferIssuance = true;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    PreparedOffer prepared = client.prepare(client.resolveOffer(offer.byValue()));
    assertThatThrownBy(() -> client.redeem(prepared, offer.txCode()))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.ISSUANCE_DEFERRED));
  }

  @Test
  void aSignInCanBeDeferredToo() throws Exception {
    fx.issuer.deferIssuance = true;
    IssuanceClient.Outcome out =
        client.redeemWithSignIn(signInOffer(null), CLIENT, REDIRECT, this::browse);
    assertThat(out).isInstanceOf(IssuanceClient.Outcome.Deferred.class);
    fx.issuer.approve();
    assertThat(client.poll(((IssuanceClient.Outcome.Deferred) out).pending()))
        .isInstanceOf(IssuanceClient.Outcome.Issued.class);
  }
}
