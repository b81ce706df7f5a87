package kr.kdid.wallet.issuance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerSignedItem;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocHolder;
import kr.kdid.credentials.mdoc.MdocTypes;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.MobileSecurityObject;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.sdjwt.JwtClaims;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.HttpRequest;
import kr.kdid.wallet.http.HttpResponse;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.http.NetworkPolicy;
import kr.kdid.wallet.storage.HolderKeys;

/**
 * The wallet side of OpenID4VCI 1.0 with the pre-authorized code flow (below), the authorization
 * code flow with PKCE S256 ({@link #redeemWithSignIn}: the holder signs in at the issuer in a
 * browser) and deferred issuance ({@link #redeemOrDefer}, {@link #poll}):
 *
 * <ol>
 *   <li>{@link #resolveOffer}: the offer from a link, by value or fetched by reference;
 *   <li>{@link #prepare}: the issuer's metadata, validated against the offer's issuer;
 *   <li>{@link #redeem}: token (with the transaction code), nonce, one fresh ES256 holder key per
 *       credential of the batch, one key proof per key, the credential request, and verification of
 *       every credential received: the issuer's signature with the key its JWT VC metadata
 *       publishes under the credential's {@code kid}, that key being in the issuer's DID document
 *       (resolved from the {@code kid}) under {@code assertionMethod}; {@code iss} the Credential
 *       Issuer; {@code vct} the configuration's; {@code cnf.jwk} one of the keys just generated,
 *       each used once. Nothing is returned unless every credential passes.
 * </ol>
 *
 * <p>Stateless apart from its collaborators; thread-safe if they are.
 */
public final class IssuanceClient {
  private static final String PARTY = "the issuer";

  private final JsonHttp http;
  private final NetworkPolicy policy;
  private final HolderKeys keys;
  private final DidResolver didResolver;
  private final Clock clock;
  private final int maxBatch;
  private final Duration clockSkew;
  private final Catalog catalog;
  private final java.security.SecureRandom random = kr.kdid.core.crypto.Randomness.secure();

  /**
   * A client over the built-in catalog.
   *
   * @param maxBatch the most copies to ask for in one batch (the issuer's batch_size caps it too)
   * @param clockSkew tolerance for the credentials' {@code exp} and {@code nbf}
   */
  public IssuanceClient(
      JsonHttp http,
      NetworkPolicy policy,
      HolderKeys keys,
      DidResolver didResolver,
      Clock clock,
      int maxBatch,
      Duration clockSkew) {
    this(http, policy, keys, didResolver, clock, maxBatch, clockSkew, Catalog.builtIn());
  }

  /**
   * @param maxBatch the most copies to ask for in one batch (the issuer's batch_size caps it too)
   * @param clockSkew tolerance for the credentials' {@code exp} and {@code nbf} and the mdocs'
   *     {@code validFrom}
   * @param catalog the credential types, to pair an offer's SD-JWT VC and mdoc configurations
   */
  public IssuanceClient(
      JsonHttp http,
      NetworkPolicy policy,
      HolderKeys keys,
      DidResolver didResolver,
      Clock clock,
      int maxBatch,
      Duration clockSkew,
      Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.http = Objects.requireNonNull(http, "http");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.didResolver = Objects.requireNonNull(didResolver, "didResolver");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.maxBatch = maxBatch;
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * The offer a link holds or points to. A {@code credential_offer_uri} is fetched with GET.
   *
   * @throws WalletException OFFER_MALFORMED, OFFER_UNSUPPORTED, URL_NOT_ALLOWED, NETWORK,
   *     ISSUER_REJECTED (the issuer refused to serve it, e.g. expired), RESPONSE_MALFORMED
   */
  public CredentialOffer resolveOffer(String link) throws WalletException {
    CredentialOffer.Link l = CredentialOffer.parseLink(link);
    if (l.offer() != null) {
      return l.offer();
    }
    URI uri = policy.check(l.offerUri(), "credential_offer_uri");
    ObjectNode json =
        http.send(HttpRequest.get(uri, "application/json"), PARTY, WalletError.ISSUER_REJECTED);
    return CredentialOffer.fromJson(json);
  }

  /**
   * Looks up the offer's issuer and checks that the wallet can receive what it offers: one
   * credential, as an SD-JWT VC, as an mdoc, or both (an SD-JWT VC and an mdoc configuration of the
   * same catalog type).
   *
   * @throws WalletException OFFER_UNSUPPORTED (other combinations of configurations),
   *     ISSUER_METADATA_INVALID, CONFIGURATION_UNSUPPORTED, URL_NOT_ALLOWED, NETWORK
   */
  public PreparedOffer prepare(CredentialOffer offer) throws WalletException {
    List<String> ids = offer.configurationIds();
    if (ids.size() > 2) {
      throw severalCredentials(ids.size());
    }
    IssuerMetadata md = IssuerMetadata.fetch(http, policy, offer.credentialIssuer());
    List<CredentialConfiguration> configs = new ArrayList<>();
    for (String id : ids) {
      CredentialConfiguration config =
          md.configuration(id)
              .orElseThrow(
                  () ->
                      new WalletException(
                          WalletError.ISSUER_METADATA_INVALID,
                          "the issuer's metadata does not describe the offered credential " + id));
      config.checkSupported();
      configs.add(config);
    }
    if (configs.size() == 1) {
      return new PreparedOffer(offer, md, configs.get(0));
    }
    CredentialConfiguration sd =
        configs.stream().filter(CredentialConfiguration::isSdJwtVc).findFirst().orElse(null);
    CredentialConfiguration mdoc =
        configs.stream().filter(CredentialConfiguration::isMdoc).findFirst().orElse(null);
    if (sd == null || mdoc == null) {
      throw severalCredentials(2);
    }
    if (!sameType(sd, mdoc)) {
      throw new WalletException(
          WalletError.OFFER_UNSUPPORTED,
          "the offer holds an SD-JWT VC ("
              + sd.vct()
              + ") and an mdoc ("
              + mdoc.doctype()
              + ") of different credential types; this wallet takes one credential per offer");
    }
    return new PreparedOffer(offer, md, sd, mdoc);
  }

  private static WalletException severalCredentials(int n) {
    return new WalletException(
        WalletError.OFFER_UNSUPPORTED,
        "the offer holds "
            + n
            + " credentials; this wallet takes one credential per offer (as an SD-JWT VC, an mdoc"
            + " or both)");
  }

  /** True if the two configurations are the same catalog type in its two formats. */
  private boolean sameType(CredentialConfiguration sd, CredentialConfiguration mdoc) {
    Optional<CredentialType> byVct = catalog.byVct(sd.vct());
    if (byVct.isPresent()) {
      return mdoc.doctype().equals(byVct.get().doctype());
    }
    try {
      return mdoc.doctype().equals(MdocTypes.forTypeId(sd.id()).docType());
    } catch (IllegalArgumentException e) {
      return false; // Neither a catalog type nor a K-DID type id.
    }
  }

  /**
   * Redeems a prepared offer and returns the verified credentials.
   *
   * @param txCode the transaction code the holder received, or null if the offer needs none
   * @throws WalletException TX_CODE_REQUIRED, TX_CODE_INVALID, ISSUER_REJECTED (with the issuer's
   *     code, e.g. {@code TX_CODE_WRONG}), ISSUANCE_DEFERRED, CREDENTIAL_INVALID,
   *     RESPONSE_MALFORMED, NETWORK, KEY_FAILED, LEDGER_UNAVAILABLE
   */
  public IssuedBatch redeem(PreparedOffer prepared, String txCode) throws WalletException {
    return switch (redeemOrDefer(prepared, txCode, false)) {
      case Outcome.Issued i -> i.batch();
      case Outcome.Deferred d -> throw new IllegalStateException("deferral was not allowed");
    };
  }

  /** What a credential request led to: credentials now, or a deferred request to poll. */
  public sealed interface Outcome {
    /** The credentials, verified. */
    record Issued(IssuedBatch batch) implements Outcome {}

    /** The issuer will issue later; keep this (sealed) and {@link IssuanceClient#poll} it. */
    record Deferred(DeferredCredential pending) implements Outcome {}
  }

  /**
   * Like {@link #redeem}, but a deferred answer (OpenID4VCI §9) is returned to keep and poll
   * instead of failing.
   *
   * @throws WalletException as {@link #redeem}, except ISSUANCE_DEFERRED
   */
  public Outcome redeemOrDefer(PreparedOffer prepared, String txCode) throws WalletException {
    return redeemOrDefer(prepared, txCode, true);
  }

  private Outcome redeemOrDefer(PreparedOffer prepared, String txCode, boolean allowDeferral)
      throws WalletException {
    CredentialOffer offer = prepared.offer();
    IssuerMetadata md = prepared.metadata();
    if (!offer.hasPreAuthorizedCode()) {
      throw new WalletException(
          WalletError.OFFER_UNSUPPORTED,
          "this offer has no pre-authorized code: sign in at the issuer instead");
    }
    if (offer.requiresTxCode()) {
      offer.txCode().check(txCode);
    }
    Token token = token(md, offer, txCode);
    return credentials(prepared, token, allowDeferral);
  }

  /**
   * Opens the browser on the issuer's browser-based handling of a request to the credential.
   *
   * <p>The caller's browser opens the URL, the holder signs in at the issuer, and the issuer
   * redirects to the wallet's redirect URI with the code and the state.
   */
  @FunctionalInterface
  public interface Browser {
    /**
     * Shows the issuer's sign-in to the holder.
     *
     * @param authorizationRequest the URL to open
     * @return the whole URL the browser was redirected to (the redirect URI with {@code code} and
     *     {@code state}, or with {@code error})
     * @throws WalletException if the holder gave up or the browser failed
     */
    String authorize(URI authorizationRequest) throws WalletException;
  }

  /**
   * Redeems an offer (or a wallet-initiated request) by the authorization code flow with PKCE S256:
   * builds the authorization request (fresh state and code verifier), lets the holder sign in
   * through {@code browser}, checks the answer's state and issuer, redeems the code, and asks for
   * the credentials as {@link #redeemOrDefer} does.
   *
   * @param clientId the wallet's client id at the issuer
   * @param redirectUri a loopback http URI the wallet listens on, or its registered custom-scheme
   *     URI
   * @throws WalletException CONFIGURATION_UNSUPPORTED (no authorization endpoint with S256),
   *     SIGN_IN_FAILED, ISSUER_REJECTED, CREDENTIAL_INVALID, RESPONSE_MALFORMED, NETWORK,
   *     KEY_FAILED
   */
  public Outcome redeemWithSignIn(
      PreparedOffer prepared, String clientId, String redirectUri, Browser browser)
      throws WalletException {
    IssuerMetadata md = prepared.metadata();
    if (md.authorization() == null) {
      throw new WalletException(
          WalletError.CONFIGURATION_UNSUPPORTED,
          "the issuer offers no authorization endpoint with PKCE S256; cannot sign in");
    }
    CredentialOffer offer = prepared.offer();
    SignInRequest request =
        SignInRequest.create(
            md.authorization().endpoint(),
            configurationIds(prepared),
            offer.authorizationCode() == null ? null : offer.authorizationCode().issuerState(),
            clientId,
            redirectUri,
            random);
    String redirectedTo = browser.authorize(request.url());
    String code =
        request.code(redirectedTo, md.credentialIssuer(), md.authorization().issParameter());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", OpenId4VciSpec.AUTHORIZATION_CODE_GRANT);
    form.put("code", code);
    form.put("code_verifier", request.codeVerifier());
    form.put("redirect_uri", redirectUri);
    form.put("client_id", clientId);
    Token token = tokenResponse(md, configurationIds(prepared), form);
    return credentials(prepared, token, true);
  }

  private static List<String> configurationIds(PreparedOffer prepared) {
    List<String> ids = new ArrayList<>();
    ids.add(prepared.configuration().id());
    prepared.mdoc().filter(m -> m != prepared.configuration()).ifPresent(m -> ids.add(m.id()));
    return ids;
  }

  /**
   * The SD-JWT VCs (first) and the mdocs of an offer, with one access token. A failed mdoc request
   * after SD-JWT VCs were received is reported in the batch, not thrown, so nothing issued is lost;
   * a deferred SD-JWT VC request ends the flow (the mdocs are not asked for).
   */
  private Outcome credentials(PreparedOffer prepared, Token token, boolean allowDeferral)
      throws WalletException {
    int count = Math.max(1, Math.min(prepared.metadata().batchSize(), maxBatch));
    if (prepared.sdJwtConfiguration().isEmpty()) {
      return new Outcome.Issued(
          IssuedBatch.ofMdoc(prepared, mdocCredentials(prepared, token, count, null, null)));
    }
    Outcome sd = sdJwtCredentials(prepared, token, allowDeferral, count);
    if (prepared.mdoc().isEmpty() || !(sd instanceof Outcome.Issued issued)) {
      return sd;
    }
    IssuedBatch batch = issued.batch();
    try {
      return new Outcome.Issued(
          batch.withMdoc(
              mdocCredentials(
                  prepared, token, count, batch.issuerDid(), prepared.configuration().id())));
    } catch (WalletException e) {
      return new Outcome.Issued(batch.withMdocFailure(e));
    }
  }

  private Outcome sdJwtCredentials(
      PreparedOffer prepared, Token token, boolean allowDeferral, int count)
      throws WalletException {
    IssuerMetadata md = prepared.metadata();
    List<HolderKeys.NewKey> generated = new ArrayList<>();
    boolean done = false;
    try {
      for (int i = 0; i < count; i++) {
        generated.add(keys.generate());
      }
      Received received = requestCredentials(md, prepared.configuration().id(), token, generated);
      if (received.transactionId() != null) {
        if (!allowDeferral || md.deferredCredentialEndpoint() == null) {
          throw new WalletException(
              WalletError.ISSUANCE_DEFERRED,
              "the issuer will issue the credential later (deferred issuance); use redeemOrDefer"
                  + " and poll to wait for it");
        }
        DeferredCredential pending =
            new DeferredCredential(
                md.credentialIssuer(),
                prepared.configuration().id(),
                received.transactionId(),
                token.accessToken(),
                generated.stream().map(HolderKeys.NewKey::reference).toList(),
                clock.instant().plusSeconds(received.interval()));
        done = true;
        return new Outcome.Deferred(pending);
      }
      IssuedBatch batch = verify(prepared, received.credentials(), received.event(), generated);
      done = true;
      return new Outcome.Issued(batch);
    } finally {
      if (!done) {
        generated.forEach(k -> keys.destroy(k.reference()));
      }
    }
  }

  /**
   * Asks the issuer's Deferred Credential Endpoint whether the credentials are ready. Call it no
   * sooner than {@link DeferredCredential#notBefore()}.
   *
   * @return the verified credentials, or the request (with a new {@code notBefore}) to keep
   * @throws WalletException ISSUER_REJECTED (with the issuer's code: {@code
   *     credential_request_denied} if it was rejected, {@code invalid_transaction_id} if unknown or
   *     used; the request is then over and its keys destroyed), CREDENTIAL_INVALID, NETWORK,
   *     ISSUER_METADATA_INVALID, KEY_FAILED
   */
  public Outcome poll(DeferredCredential pending) throws WalletException {
    IssuerMetadata md = IssuerMetadata.fetch(http, policy, pending.credentialIssuer());
    if (md.deferredCredentialEndpoint() == null) {
      throw new WalletException(
          WalletError.ISSUER_METADATA_INVALID, "the issuer no longer names a deferred endpoint");
    }
    CredentialConfiguration config =
        md.configuration(pending.configurationId())
            .orElseThrow(
                () ->
                    new WalletException(
                        WalletError.ISSUER_METADATA_INVALID,
                        "the issuer no longer describes " + pending.configurationId()));
    ObjectNode body = Json.object();
    body.put("transaction_id", pending.transactionId());
    HttpResponse r =
        http.exchange(
            HttpRequest.postJson(
                    md.deferredCredentialEndpoint(), Json.bytes(body), pending.accessToken())
                .withMaxResponseBytes(8 << 20),
            PARTY);
    if (r.status() == 202) {
      ObjectNode json = JsonHttp.jsonObject(r, PARTY);
      if (!pending.transactionId().equals(json.path("transaction_id").asText(null))) {
        throw malformed("the deferred answer names another transaction");
      }
      return new Outcome.Deferred(
          pending.withNotBefore(clock.instant().plusSeconds(interval(json))));
    }
    if (!r.isSuccess()) {
      if (r.status() == 400) {
        pending.keyReferences().forEach(keys::destroy); // The request is over for good.
      }
      throw JsonHttp.rejection(r, PARTY, WalletError.ISSUER_REJECTED);
    }
    ObjectNode json = JsonHttp.jsonObject(r, PARTY);
    JsonNode creds = json.get("credentials");
    if (creds == null || !creds.isArray() || creds.isEmpty()) {
      throw malformed("the deferred credential response has no credentials");
    }
    List<HolderKeys.NewKey> generated = new ArrayList<>();
    for (String ref : pending.keyReferences()) {
      generated.add(new HolderKeys.NewKey(ref, keys.signer(ref)));
    }
    if (creds.size() > generated.size()) {
      throw invalid("the issuer sent more credentials than the wallet proved keys for");
    }
    PreparedOffer prepared =
        new PreparedOffer(
            new CredentialOffer(
                pending.credentialIssuer(), List.of(pending.configurationId()), null, null, null),
            md,
            config);
    return new Outcome.Issued(
        verify(prepared, (ArrayNode) creds, json.get("kdid_issuance_event"), generated));
  }

  private static long interval(JsonNode json) throws WalletException {
    JsonNode i = json.get("interval");
    if (i == null || !i.isNumber() || i.asLong() < 1) {
      throw malformed("a deferred answer needs a positive interval");
    }
    return Math.min(i.asLong(), 86_400 * 7);
  }

  /**
   * An access token, and the credential identifiers the token response named per configuration id.
   */
  private record Token(String accessToken, Map<String, String> credentialIdentifiers) {}

  private Token token(IssuerMetadata md, CredentialOffer offer, String txCode)
      throws WalletException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", OpenId4VciSpec.PRE_AUTHORIZED_GRANT);
    form.put("pre-authorized_code", offer.preAuthorizedCode());
    if (offer.requiresTxCode()) {
      form.put("tx_code", txCode);
    }
    return tokenResponse(md, offer.configurationIds(), form);
  }

  private Token tokenResponse(
      IssuerMetadata md, List<String> configurationIds, Map<String, String> form)
      throws WalletException {
    ObjectNode r =
        http.send(
            HttpRequest.postForm(md.tokenEndpoint(), form, "application/json"),
            PARTY,
            WalletError.ISSUER_REJECTED);
    JsonNode at = r.get("access_token");
    if (at == null || !at.isTextual() || at.textValue().isEmpty()) {
      throw malformed("the token response has no access_token");
    }
    if (!"bearer".equalsIgnoreCase(r.path("token_type").asText(""))) {
      throw new WalletException(
          WalletError.CONFIGURATION_UNSUPPORTED,
          "the issuer issues "
              + r.path("token_type").asText("untyped")
              + " tokens; this wallet "
              + "uses Bearer tokens");
    }
    Map<String, String> identifiers = new HashMap<>();
    JsonNode details = r.get("authorization_details");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        JsonNode ids = d.get("credential_identifiers");
        String configurationId = d.path("credential_configuration_id").asText();
        if (configurationIds.contains(configurationId)
            && ids != null
            && ids.isArray()
            && !ids.isEmpty()
            && ids.get(0).isTextual()) {
          identifiers.put(configurationId, ids.get(0).textValue());
        }
      }
    }
    return new Token(at.textValue(), identifiers);
  }

  private String nonce(IssuerMetadata md) throws WalletException {
    if (md.nonceEndpoint() == null) {
      return null;
    }
    HttpRequest req =
        new HttpRequest(
            "POST",
            md.nonceEndpoint(),
            Map.of("Accept", "application/json"),
            new byte[0],
            HttpRequest.DEFAULT_MAX_RESPONSE);
    ObjectNode r = http.send(req, PARTY, WalletError.ISSUER_REJECTED);
    JsonNode n = r.get("c_nonce");
    if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
      throw malformed("the nonce response has no c_nonce");
    }
    return n.textValue();
  }

  /** Credentials, or a deferral ({@code transactionId} not null). */
  private record Received(
      ArrayNode credentials, JsonNode event, String transactionId, long interval) {}

  private Received requestCredentials(
      IssuerMetadata md, String configurationId, Token token, List<HolderKeys.NewKey> generated)
      throws WalletException {
    String nonce = nonce(md);
    String identifier = token.credentialIdentifiers().get(configurationId);
    for (int attempt = 0; ; attempt++) {
      ObjectNode body = Json.object();
      if (identifier != null) {
        body.put("credential_identifier", identifier);
      } else {
        body.put("credential_configuration_id", configurationId);
      }
      ArrayNode proofs = body.putObject("proofs").putArray("jwt");
      for (HolderKeys.NewKey k : generated) {
        proofs.add(proof(k, md.credentialIssuer(), nonce));
      }
      HttpRequest req =
          HttpRequest.postJson(md.credentialEndpoint(), Json.bytes(body), token.accessToken())
              .withMaxResponseBytes(8 << 20);
      HttpResponse r = http.exchange(req, PARTY);
      if (!r.isSuccess()) {
        if (attempt == 0 && md.nonceEndpoint() != null && oauthError(r).equals("invalid_nonce")) {
          nonce = nonce(md); // The issuer wants a fresh c_nonce (§8.3.1): one retry.
          continue;
        }
        throw JsonHttp.rejection(r, PARTY, WalletError.ISSUER_REJECTED);
      }
      ObjectNode json = JsonHttp.jsonObject(r, PARTY);
      if (json.has("transaction_id") && !json.has("credentials")) {
        JsonNode tid = json.get("transaction_id");
        if (!tid.isTextual() || tid.textValue().isEmpty()) {
          throw malformed("transaction_id must be a non-empty string");
        }
        return new Received(null, null, tid.textValue(), interval(json));
      }
      JsonNode creds = json.get("credentials");
      if (creds == null || !creds.isArray() || creds.isEmpty()) {
        throw malformed("the credential response has no credentials");
      }
      if (creds.size() > generated.size()) {
        throw new WalletException(
            WalletError.CREDENTIAL_INVALID,
            "the issuer sent more credentials than the wallet proved keys for");
      }
      return new Received((ArrayNode) creds, json.get("kdid_issuance_event"), null, 0);
    }
  }

  private static String oauthError(HttpResponse r) {
    try {
      return Json.parse(r.body()).path("error").asText("");
    } catch (MalformedJsonException e) {
      return "";
    }
  }

  private String proof(HolderKeys.NewKey key, String audience, String nonce) {
    ObjectNode header = Json.object();
    header.put("typ", OpenId4VciSpec.PROOF_TYP);
    header.set("jwk", key.signer().publicKey().toJwk().toJson());
    ObjectNode claims = Json.object();
    claims.put("aud", audience);
    claims.put("iat", clock.instant().getEpochSecond());
    if (nonce != null) {
      claims.put("nonce", nonce);
    }
    // No "iss": the pre-authorized code flow here is anonymous (Appendix F.1).
    return Jws.sign(header, claims, key.signer()).encoded();
  }

  private IssuedBatch verify(
      PreparedOffer prepared,
      ArrayNode credentials,
      JsonNode eventJson,
      List<HolderKeys.NewKey> generated)
      throws WalletException {
    IssuerMetadata md = prepared.metadata();
    Map<String, HolderKeys.NewKey> byThumbprint = new HashMap<>();
    generated.forEach(k -> byThumbprint.put(k.signer().publicKey().thumbprint(), k));
    Set<String> usedKeys = new HashSet<>();
    SdJwtVcVerifier verifier = new SdJwtVcVerifier((iss, kid) -> issuerKey(md, iss, kid));
    Instant now = clock.instant();
    List<IssuedBatch.Copy> copies = new ArrayList<>();
    String issuerDid = null;
    Instant expires = null;
    for (JsonNode c : credentials) {
      JsonNode text = c.isObject() ? c.get("credential") : null;
      if (text == null || !text.isTextual()) {
        throw malformed("each credential must be an object with a \"credential\" string");
      }
      String sdJwt = text.textValue();
      SdJwt parsed;
      try {
        parsed = SdJwt.parseIssued(sdJwt);
      } catch (SdJwtException e) {
        throw invalid("a credential is malformed: " + e.getMessage());
      }
      SdJwtVcVerifier.Result result;
      try {
        result = verifier.verify(sdJwt, SdJwtVcVerifier.Options.withoutKeyBinding(now, clockSkew));
      } catch (PortFailure e) {
        throw new WalletException(
            WalletError.LEDGER_UNAVAILABLE,
            "could not check the issuer's key on the ledger: " + e.getMessage(),
            e.getCause());
      }
      if (!result.ok()) {
        SdJwtVcVerifier.Check f = result.firstFailure().orElseThrow();
        throw invalid("a credential failed the " + f.name() + " check: " + f.detail());
      }
      ObjectNode payload = result.payload();
      if (!md.credentialIssuer().equals(payload.path("iss").asText(null))) {
        throw invalid("a credential names another issuer than the one that was asked");
      }
      if (!prepared.configuration().vct().equals(payload.path("vct").asText(null))) {
        throw invalid("a credential is not of the offered type");
      }
      String thumbprint;
      try {
        thumbprint = Jwk.fromJson(payload.path("cnf").get("jwk")).thumbprint();
      } catch (IllegalArgumentException e) {
        throw invalid("a credential is not bound to a holder key");
      }
      HolderKeys.NewKey key = byThumbprint.get(thumbprint);
      if (key == null) {
        throw invalid("a credential is bound to a key this wallet did not generate");
      }
      if (!usedKeys.add(thumbprint)) {
        throw invalid("two credentials are bound to the same holder key");
      }
      String did = DidUrl.parse(parsed.issuerJwt().kid()).did().toString();
      if (issuerDid != null && !issuerDid.equals(did)) {
        throw invalid("the credentials of one batch are signed by different issuers");
      }
      issuerDid = did;
      Instant exp = JwtClaims.numericDate(payload.get("exp"));
      if (exp != null && (expires == null || exp.isBefore(expires))) {
        expires = exp;
      }
      copies.add(new IssuedBatch.Copy(sdJwt, key.reference(), thumbprint));
    }
    for (HolderKeys.NewKey k : generated) {
      if (!usedKeys.contains(k.signer().publicKey().thumbprint())) {
        keys.destroy(k.reference()); // The issuer issued fewer than asked.
      }
    }
    EventCommitment event = null;
    String problem = null;
    if (eventJson != null && !eventJson.isNull()) {
      try {
        event = EventCommitment.fromJson(eventJson);
        if (!EventCommitment.ISSUANCE.equals(event.kind())) {
          problem = "the issuance event is not of kind issuance";
        } else if (!event.party().equals(issuerDid)) {
          problem = "the issuance event names another issuer";
        } else if (!event.credentialType().equals(prepared.configuration().id())) {
          problem = "the issuance event names another credential type";
        }
      } catch (IllegalArgumentException e) {
        problem = "the issuance event is malformed";
      }
      if (problem != null) {
        event = null;
      }
    }
    return new IssuedBatch(prepared, issuerDid, copies, event, problem, expires);
  }

  /**
   * Requests the offer's mdocs with the access token (a fresh nonce, fresh device keys, one JWT key
   * proof each) and verifies them.
   *
   * @param issuerDid the DID that signed the SD-JWT VCs of the same offer, or null
   * @param sdJwtConfigurationId the id of the SD-JWT VC configuration of the same offer, or null
   */
  private MdocBatch mdocCredentials(
      PreparedOffer prepared, Token token, int count, String issuerDid, String sdJwtConfigurationId)
      throws WalletException {
    CredentialConfiguration config = prepared.mdocConfiguration();
    List<HolderKeys.NewKey> generated = new ArrayList<>();
    boolean done = false;
    try {
      for (int i = 0; i < count; i++) {
        generated.add(keys.generate());
      }
      Received received = requestCredentials(prepared.metadata(), config.id(), token, generated);
      if (received.transactionId() != null) {
        throw new WalletException(
            WalletError.ISSUANCE_DEFERRED,
            "the issuer deferred the mdoc ("
                + config.doctype()
                + "); this wallet takes mdocs only"
                + " when issued at once");
      }
      MdocBatch batch =
          verifyMdoc(
              config,
              received.credentials(),
              received.event(),
              generated,
              issuerDid,
              sdJwtConfigurationId);
      done = true;
      return batch;
    } finally {
      if (!done) {
        generated.forEach(k -> keys.destroy(k.reference()));
      }
    }
  }

  /**
   * Verifies issued mdocs before anything is kept. The wallet cannot check the document signer
   * against the IACA roots (they are on the ledger's trust lists, which the verifiers consult), so
   * it checks that each mdoc is internally consistent: the x5chain DS certificate is a usable P-256
   * certificate valid now and its key verifies issuerAuth; the MSO docType is the offered doctype;
   * every IssuerSignedItem matches its MSO digest; the MSO is valid now (its validFrom within the
   * clock skew); the MSO device key is one of the keys just generated, each used once, and a device
   * signature made with that key verifies (a self-test of the presentation path).
   */
  private MdocBatch verifyMdoc(
      CredentialConfiguration config,
      ArrayNode credentials,
      JsonNode eventJson,
      List<HolderKeys.NewKey> generated,
      String issuerDid,
      String sdJwtConfigurationId)
      throws WalletException {
    Map<VerificationKey, HolderKeys.NewKey> byKey = new HashMap<>();
    generated.forEach(k -> byKey.put(k.signer().publicKey(), k));
    Set<VerificationKey> usedKeys = new HashSet<>();
    Instant now = clock.instant();
    SessionTranscript selfTest =
        SessionTranscript.openId4VpRedirect(
            "kdid-wallet:issuance-check",
            Base64Url.encode(kr.kdid.core.crypto.Randomness.bytes(random, 16)),
            Optional.empty(),
            "kdid-wallet:issuance-check");
    List<MdocBatch.MdocCopy> copies = new ArrayList<>();
    Instant expires = null;
    String documentSigner = null;
    for (JsonNode c : credentials) {
      JsonNode text = c.isObject() ? c.get("credential") : null;
      if (text == null || !text.isTextual()) {
        throw malformed("each credential must be an object with a \"credential\" string");
      }
      IssuerSigned issued;
      MobileSecurityObject mso;
      try {
        issued = IssuerSigned.decode(Base64Url.decode(text.textValue()));
        mso = issued.mso();
      } catch (IllegalArgumentException e) {
        throw mdocInvalid("an mdoc is not base64url");
      } catch (MdocException e) {
        throw mdocInvalid("an mdoc is malformed (" + e.reason() + "): " + e.getMessage());
      }
      if (!config.doctype().equals(mso.docType())) {
        throw mdocInvalid(
            "an mdoc is of doctype " + mso.docType() + ", not the offered " + config.doctype());
      }
      HolderKeys.NewKey key = byKey.get(mso.deviceKey());
      if (key == null) {
        throw mdocInvalid("an mdoc is bound to a device key this wallet did not generate");
      }
      if (!usedKeys.add(mso.deviceKey())) {
        throw mdocInvalid("two mdocs are bound to the same device key");
      }
      List<byte[]> chain = issued.issuerAuth().x5chain();
      if (chain.isEmpty()) {
        throw mdocInvalid("an mdoc carries no document signer certificate (x5chain)");
      }
      X509Certificate ds;
      IssuerTrust trust;
      try {
        ds =
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(chain.get(0)));
      } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
        throw mdocInvalid("the document signer certificate of an mdoc is unusable");
      }
      trust = mdocTrust(chain.get(0), ds);
      Map<String, Set<String>> all = new LinkedHashMap<>();
      issued
          .nameSpaces()
          .forEach(
              (ns, items) -> {
                Set<String> names = new HashSet<>();
                items.stream().map(IssuerSignedItem::elementIdentifier).forEach(names::add);
                all.put(ns, names);
              });
      if (all.isEmpty()) {
        throw mdocInvalid("an mdoc holds no data elements");
      }
      // The issuer's clock may run a little ahead: accept a validFrom within the skew.
      Instant validFrom = mso.validity().validFrom();
      Instant at =
          validFrom.isAfter(now) && !validFrom.isAfter(now.plus(clockSkew)) ? validFrom : now;
      try {
        var doc = MdocHolder.present(issued, all, selfTest, key.signer());
        new MdocVerifier(trust, Clock.fixed(at, java.time.ZoneOffset.UTC))
            .verifyDocument(doc, selfTest, Optional.empty());
      } catch (MdocException e) {
        throw mdocInvalid("an mdoc failed its checks (" + e.reason() + "): " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new WalletException(
            WalletError.KEY_FAILED, "a device key cannot sign mdoc presentations", e);
      }
      Instant until = mso.validity().validUntil();
      expires = expires == null || until.isBefore(expires) ? until : expires;
      if (documentSigner == null) {
        documentSigner = ds.getSubjectX500Principal().getName();
      }
      copies.add(
          new MdocBatch.MdocCopy(
              text.textValue(), key.reference(), key.signer().publicKey().thumbprint()));
    }
    for (HolderKeys.NewKey k : generated) {
      if (!usedKeys.contains(k.signer().publicKey())) {
        keys.destroy(k.reference()); // The issuer issued fewer than asked.
      }
    }
    Set<String> types = new HashSet<>();
    types.add(config.id());
    catalog.byDoctype(config.doctype()).ifPresent(t -> types.add(t.id()));
    if (sdJwtConfigurationId != null) {
      types.add(sdJwtConfigurationId);
    }
    EventCommitment event = null;
    String problem = null;
    if (eventJson != null && !eventJson.isNull()) {
      try {
        event = EventCommitment.fromJson(eventJson);
        if (!EventCommitment.ISSUANCE.equals(event.kind())) {
          problem = "the mdoc issuance event is not of kind issuance";
        } else if (issuerDid != null && !event.party().equals(issuerDid)) {
          problem = "the mdoc issuance event names another issuer";
        } else if (!types.contains(event.credentialType())) {
          problem = "the mdoc issuance event names another credential type";
        }
      } catch (IllegalArgumentException e) {
        problem = "the mdoc issuance event is malformed";
      }
      if (problem != null) {
        event = null;
      }
    }
    return new MdocBatch(config.doctype(), copies, event, problem, expires, documentSigner);
  }

  /**
   * The trust for a received mdoc: when its document signer certificate names a {@code did:kdid}
   * issuer (as K-DID issuers' do), the IACA certificates that DID publishes on the ledger, so a
   * compromised issuer endpoint cannot hand out mdocs outside the issuer's anchored PKI; for an
   * issuer outside K-DID (no DID named), the received certificate itself (pinned): its signature,
   * validity and the digests are still checked, its anchoring is the verifier's job.
   */
  private IssuerTrust mdocTrust(byte[] dsDer, X509Certificate ds) throws WalletException {
    var named = kr.kdid.credentials.mdoc.IacaPublication.issuerUri(dsDer);
    if (named.isEmpty() || !named.get().startsWith("did:kdid:")) {
      return IssuerTrust.pinned(List.of(ds));
    }
    DidResolutionResult r;
    try {
      r = didResolver.resolve(named.get());
    } catch (RuntimeException e) {
      throw new WalletException(
          WalletError.LEDGER_UNAVAILABLE,
          "could not read the mdoc issuer's IACA from the ledger: " + e.getMessage(),
          e);
    }
    if (!r.isFound() || r.isDeactivated()) {
      throw mdocInvalid("the mdoc's issuer " + named.get() + " is not on the ledger");
    }
    List<X509Certificate> iacas =
        kr.kdid.credentials.mdoc.IacaPublication.certificates(r.document());
    if (iacas.isEmpty()) {
      throw mdocInvalid("the mdoc's issuer " + named.get() + " publishes no IACA on the ledger");
    }
    try {
      return IssuerTrust.iacaRoots(iacas);
    } catch (IllegalArgumentException e) {
      throw mdocInvalid("the IACA the mdoc's issuer publishes is unusable: " + e.getMessage());
    }
  }

  private static WalletException mdocInvalid(String message) {
    return new WalletException(WalletError.CREDENTIAL_INVALID, "the mdoc was refused: " + message);
  }

  /** A port failed while the SD-JWT VC verifier asked for a key. */
  private static final class PortFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortFailure(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * The issuer key for a credential: {@code iss} must be the Credential Issuer, the {@code kid} a
   * key of its JWT VC metadata and a DID URL whose DID document lists that very key under {@code
   * assertionMethod}.
   */
  private VerificationKey issuerKey(IssuerMetadata md, String iss, String kid)
      throws SdJwtException {
    if (!md.credentialIssuer().equals(iss)) {
      throw unresolved("iss is not the credential issuer the wallet asked");
    }
    if (kid == null) {
      throw unresolved("the credential names no signing key (kid)");
    }
    Jwk jwk = md.signingKeys().get(kid);
    if (jwk == null) {
      throw unresolved("the issuer's metadata has no key with the credential's kid");
    }
    VerificationKey key;
    DidUrl url;
    try {
      key = VerificationKey.fromJwk(jwk);
      url = DidUrl.parse(kid);
    } catch (IllegalArgumentException e) { // includes InvalidDidException
      throw unresolved("the credential's kid is not a DID URL of the issuer");
    }
    DidResolutionResult r;
    try {
      r = didResolver.resolve(url.did().toString());
    } catch (RuntimeException e) {
      throw new PortFailure(e);
    }
    if (!r.isFound() || r.isDeactivated()) {
      throw unresolved("the issuer's DID cannot be resolved or is deactivated");
    }
    DidDocument doc = r.document();
    VerificationMethod m =
        doc.method(kid).orElseThrow(() -> unresolved("the issuer's DID document lacks the kid"));
    if (!doc.authorizes(Relationship.ASSERTION_METHOD, kid)) {
      throw unresolved("the issuer's DID does not authorise the key for issuing");
    }
    try {
      if (!m.key().equals(key)) {
        throw unresolved("the issuer's metadata key differs from its DID document");
      }
    } catch (IllegalArgumentException e) {
      throw unresolved("the issuer's DID document key is invalid");
    }
    return key;
  }

  private static SdJwtException unresolved(String message) {
    return new SdJwtException(Reason.ISSUER_KEY_UNRESOLVED, message);
  }

  private static WalletException malformed(String message) {
    return new WalletException(WalletError.RESPONSE_MALFORMED, message);
  }

  private static WalletException invalid(String message) {
    return new WalletException(
        WalletError.CREDENTIAL_INVALID, "the credential was refused: " + message);
  }
}
