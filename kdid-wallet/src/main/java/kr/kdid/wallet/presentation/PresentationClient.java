package kr.kdid.wallet.presentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocHolder;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.JwtClaims;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.wallet.RelyingPartyRegistry;
import kr.kdid.wallet.RelyingPartyRegistry.Registration;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.DeepLink;
import kr.kdid.wallet.http.HttpRequest;
import kr.kdid.wallet.http.HttpResponse;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.http.NetworkPolicy;

/**
 * The wallet side of OpenID4VP 1.0 for K-DID verifiers (cross-device, {@code
 * decentralized_identifier:} clients, signed requests by reference, {@code direct_post}):
 *
 * <ol>
 *   <li>{@link #fetch}: the link, the Request Object from {@code request_uri} (no redirects), and
 *       {@link #validate}: {@code typ}; the {@code kid}'s DID is the client's; that key is in the
 *       resolved DID document under {@code authentication} or {@code assertionMethod}; the
 *       signature; {@code iat}/{@code exp}; {@code client_id} identical to the link's; {@code
 *       response_type}, {@code response_mode} {@code direct_post} and an allowed {@code
 *       response_uri}; the DCQL query;
 *   <li>{@link #checkRegistration}: the verifier is registered and active on the ledger, and every
 *       requested claim is within its registration for the credential type, before any consent is
 *       asked;
 *   <li>{@link #present}: builds one SD-JWT+KB with exactly the chosen claims, KB-JWT {@code aud} =
 *       the full client_id, {@code nonce} = the request's; {@link #presentMdoc}: one mdoc
 *       DeviceResponse with exactly the chosen elements, device-signed over the OpenID4VP
 *       SessionTranscript of the request;
 *   <li>{@link #send} and {@link #decline}: posts the answer to {@code response_uri}.
 * </ol>
 *
 * <p>Thread-safe if its collaborators are.
 */
public final class PresentationClient {
  private static final String PARTY = "the verifier";

  /** Largest Request Object accepted. */
  static final int MAX_REQUEST_OBJECT = 64 * 1024;

  private final JsonHttp http;
  private final NetworkPolicy policy;
  private final DidResolver didResolver;
  private final RelyingPartyRegistry registry;
  private final Catalog catalog;
  private final Clock clock;
  private final Duration clockSkew;

  public PresentationClient(
      JsonHttp http,
      NetworkPolicy policy,
      DidResolver didResolver,
      RelyingPartyRegistry registry,
      Catalog catalog,
      Clock clock,
      Duration clockSkew) {
    this.http = Objects.requireNonNull(http, "http");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.didResolver = Objects.requireNonNull(didResolver, "didResolver");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * The verifier DID a link claims (unverified), for the holder's record of refused requests.
   *
   * @return the DID, or empty if the link does not name one
   */
  public static Optional<String> claimedVerifier(String link) {
    try {
      String clientId = DeepLink.parse(link).get("client_id");
      if (clientId != null && clientId.startsWith(OpenId4VpSpec.DID_PREFIX)) {
        return Optional.of(Did.parse(clientId.substring(OpenId4VpSpec.DID_PREFIX.length())))
            .map(Did::toString);
      }
    } catch (IllegalArgumentException e) {
      // Not a readable link.
    }
    return Optional.empty();
  }

  /**
   * Reads a presentation request link and fetches and validates its Request Object.
   *
   * @throws WalletException REQUEST_MALFORMED, REQUEST_UNSUPPORTED, URL_NOT_ALLOWED, NETWORK,
   *     VERIFIER_REJECTED (it would not serve the request), or any code of {@link #validate}
   */
  public AuthorizationRequest fetch(String link) throws WalletException {
    DeepLink l;
    try {
      l = DeepLink.parse(link);
    } catch (IllegalArgumentException e) {
      throw malformed("this is not a presentation request link: " + e.getMessage());
    }
    if (!OpenId4VpSpec.SCHEME.equals(l.scheme())) {
      throw malformed("a presentation request link starts with " + OpenId4VpSpec.SCHEME + "://");
    }
    String clientId = l.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      throw malformed("the link has no client_id");
    }
    String requestUri = l.get("request_uri");
    String request = l.get("request");
    if (requestUri != null && request != null) {
      throw malformed("the link has both request and request_uri");
    }
    if (requestUri == null && request == null) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED,
          "the request is not signed; this wallet answers signed requests only");
    }
    String method = l.get("request_uri_method");
    if (method != null && !method.equals("get")) {
      throw new WalletException(
          method.equals("post") ? WalletError.REQUEST_UNSUPPORTED : WalletError.REQUEST_MALFORMED,
          "request_uri_method " + method + " is not supported; use get");
    }
    if (request == null) {
      URI uri = policy.check(requestUri, "request_uri");
      HttpRequest get =
          HttpRequest.get(uri, OpenId4VpSpec.REQUEST_MEDIA_TYPE + ", application/jwt")
              .withMaxResponseBytes(MAX_REQUEST_OBJECT);
      HttpResponse r = http.exchange(get, PARTY);
      if (!r.isSuccess()) {
        throw JsonHttp.rejection(r, PARTY, WalletError.VERIFIER_REJECTED);
      }
      String type = r.mediaType();
      if (!type.isEmpty()
          && !type.equals(OpenId4VpSpec.REQUEST_MEDIA_TYPE)
          && !type.equals("application/jwt")) {
        throw malformed("the request_uri answered with " + type + ", not a Request Object");
      }
      request = new String(r.body(), StandardCharsets.US_ASCII).strip();
    }
    return validate(clientId, request);
  }

  /**
   * Validates a Request Object for the client_id of the link.
   *
   * @throws WalletException REQUEST_MALFORMED, REQUEST_UNSUPPORTED, REQUEST_TYPE_INVALID,
   *     REQUEST_SIGNATURE_INVALID, REQUEST_KEY_INVALID, DID_UNRESOLVABLE, REQUEST_EXPIRED,
   *     CLIENT_ID_MISMATCH, URL_NOT_ALLOWED, QUERY_UNSUPPORTED, LEDGER_UNAVAILABLE
   */
  public AuthorizationRequest validate(String clientId, String requestObject)
      throws WalletException {
    if (!clientId.startsWith(OpenId4VpSpec.DID_PREFIX)) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED,
          "the verifier is not identified by a DID (client_id prefix "
              + OpenId4VpSpec.DID_PREFIX
              + ")");
    }
    Did verifier;
    try {
      verifier = Did.parse(clientId.substring(OpenId4VpSpec.DID_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw malformed("the client_id holds no valid DID");
    }
    Jws jws;
    try {
      jws = Jws.parse(requestObject);
    } catch (JoseException e) {
      throw malformed("the Request Object is not a signed JWT: " + e.getMessage());
    }
    if (!JwtClaims.typeMatches(jws.typ(), OpenId4VpSpec.REQUEST_TYP)) {
      throw new WalletException(
          WalletError.REQUEST_TYPE_INVALID,
          "the Request Object's typ must be " + OpenId4VpSpec.REQUEST_TYP);
    }
    try {
      jws.algorithm();
    } catch (JoseException e) {
      throw new WalletException(
          WalletError.REQUEST_SIGNATURE_INVALID,
          "the Request Object uses an algorithm the wallet does not accept");
    }
    if (jws.header().has("crit")) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED, "the Request Object uses critical header extensions");
    }
    String kid = jws.kid();
    DidUrl kidUrl;
    try {
      kidUrl = kid == null ? null : DidUrl.parse(kid);
    } catch (IllegalArgumentException e) {
      kidUrl = null;
    }
    if (kidUrl == null || kidUrl.fragment() == null || !kidUrl.isFragmentOnly()) {
      throw new WalletException(
          WalletError.REQUEST_KEY_INVALID,
          "the Request Object's kid must be a DID URL naming the verifier's key");
    }
    if (!kidUrl.did().equals(verifier)) {
      throw new WalletException(
          WalletError.REQUEST_KEY_INVALID,
          "the Request Object is signed with a key of another DID than the client_id's");
    }
    DidDocument doc = resolve(verifier);
    VerificationMethod method =
        doc.method(kid)
            .orElseThrow(
                () ->
                    new WalletException(
                        WalletError.REQUEST_KEY_INVALID,
                        "the verifier's DID document has no key " + kid));
    if (!doc.authorizes(Relationship.AUTHENTICATION, kid)
        && !doc.authorizes(Relationship.ASSERTION_METHOD, kid)) {
      throw new WalletException(
          WalletError.REQUEST_KEY_INVALID,
          "the verifier's DID does not authorise " + kid + " for authentication");
    }
    if (!jws.verify(method.key())) {
      throw new WalletException(
          WalletError.REQUEST_SIGNATURE_INVALID,
          "the Request Object's signature does not verify with the verifier's key");
    }
    ObjectNode p;
    try {
      p = jws.payloadJson();
    } catch (JoseException e) {
      throw malformed("the Request Object's payload is not a JSON object");
    }

    Instant now = clock.instant();
    Instant iat = JwtClaims.numericDate(p.get("iat"));
    Instant exp = JwtClaims.numericDate(p.get("exp"));
    if (iat == null || exp == null) {
      throw malformed("the Request Object needs iat and exp");
    }
    if (iat.isAfter(now.plus(clockSkew))) {
      throw new WalletException(
          WalletError.REQUEST_EXPIRED, "the request is dated in the future; check the clock");
    }
    if (!now.isBefore(exp.plus(clockSkew))) {
      throw new WalletException(
          WalletError.REQUEST_EXPIRED, "the request has expired; ask the verifier for a new one");
    }
    if (!clientId.equals(p.path("client_id").asText(null))) {
      throw new WalletException(
          WalletError.CLIENT_ID_MISMATCH, "the Request Object's client_id differs from the link's");
    }
    JsonNode aud = p.get("aud");
    if (aud != null && !audienceIncludesWallet(aud)) {
      throw malformed("the request is addressed to another wallet (aud)");
    }
    if (!OpenId4VpSpec.RESPONSE_TYPE_VP_TOKEN.equals(p.path("response_type").asText(null))) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED, "only response_type vp_token is supported");
    }
    if (!OpenId4VpSpec.RESPONSE_MODE_DIRECT_POST.equals(p.path("response_mode").asText(null))) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED, "only response_mode direct_post is supported");
    }
    if (p.has("redirect_uri")) {
      throw malformed("a direct_post request must not have a redirect_uri");
    }
    if (p.has("transaction_data")) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED, "transaction_data is not supported");
    }
    JsonNode responseUri = p.get("response_uri");
    if (responseUri == null || !responseUri.isTextual()) {
      throw malformed("the request has no response_uri");
    }
    URI response = policy.check(responseUri.textValue(), "the response_uri");
    JsonNode nonce = p.get("nonce");
    if (nonce == null
        || !nonce.isTextual()
        || !nonce.textValue().matches("[A-Za-z0-9._~-]{1,512}")) {
      throw malformed("the request's nonce is missing or not URL-safe text");
    }
    JsonNode state = p.get("state");
    if (state != null && (!state.isTextual() || state.textValue().length() > 1024)) {
      throw malformed("the request's state must be text");
    }
    if (p.has("scope") && p.has("dcql_query")) {
      throw malformed("the request has both scope and dcql_query");
    }
    if (!p.has("dcql_query")) {
      throw new WalletException(
          WalletError.REQUEST_UNSUPPORTED,
          "the request asks by scope; only dcql_query is supported");
    }
    DcqlQuery query = DcqlQuery.fromJson(p.get("dcql_query"));
    return new AuthorizationRequest(
        clientId,
        verifier,
        response,
        nonce.textValue(),
        state == null ? null : state.textValue(),
        query,
        iat,
        exp);
  }

  private static boolean audienceIncludesWallet(JsonNode aud) {
    if (aud.isTextual()) {
      return OpenId4VpSpec.SELF_ISSUED_AUDIENCE.equals(aud.textValue());
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (OpenId4VpSpec.SELF_ISSUED_AUDIENCE.equals(a.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private DidDocument resolve(Did did) throws WalletException {
    DidResolutionResult r;
    try {
      r = didResolver.resolve(did.toString());
    } catch (RuntimeException e) {
      throw new WalletException(
          WalletError.LEDGER_UNAVAILABLE,
          "could not resolve the verifier's DID: " + e.getMessage(),
          e);
    }
    if (!r.isFound()) {
      throw new WalletException(
          WalletError.DID_UNRESOLVABLE, "the verifier's DID " + did + " cannot be resolved");
    }
    if (r.isDeactivated()) {
      throw new WalletException(
          WalletError.DID_UNRESOLVABLE, "the verifier's DID " + did + " is deactivated");
    }
    return r.document();
  }

  /**
   * The catalog types a credential query can be answered with (its {@code vct_values}, or its mdoc
   * {@code doctype_value}, that the catalog knows).
   *
   * @throws WalletException CREDENTIAL_TYPE_UNKNOWN if none
   */
  public List<CredentialType> types(DcqlQuery.CredentialQuery q) throws WalletException {
    List<CredentialType> out = new ArrayList<>();
    if (q.isMdoc()) {
      catalog.byDoctype(q.doctype()).ifPresent(out::add);
    }
    for (String vct : q.vctValues()) {
      catalog.byVct(vct).filter(t -> !out.contains(t)).ifPresent(out::add);
    }
    if (out.isEmpty()) {
      throw new WalletException(
          WalletError.CREDENTIAL_TYPE_UNKNOWN,
          "the verifier asks for a credential type the catalog does not know: "
              + (q.isMdoc() ? q.doctype() : q.vctValues()));
    }
    return out;
  }

  /**
   * Checks the verifier against the ledger's trust registry: registered, active, and registered for
   * every requested claim of every requested credential type.
   *
   * @return the registration, for the consent screen
   * @throws WalletException RP_NOT_REGISTERED, RP_NOT_REGISTERED_FOR_CLAIM,
   *     CREDENTIAL_TYPE_UNKNOWN, LEDGER_UNAVAILABLE
   */
  public Registration checkRegistration(AuthorizationRequest request) throws WalletException {
    Registration reg = registration(request);
    checkClaims(request, reg);
    return reg;
  }

  /**
   * The verifier's active registration on the ledger.
   *
   * @throws WalletException RP_NOT_REGISTERED (unknown or suspended), LEDGER_UNAVAILABLE
   */
  public Registration registration(AuthorizationRequest request) throws WalletException {
    Optional<Registration> found;
    try {
      found = registry.lookup(request.verifier());
    } catch (RuntimeException e) {
      throw new WalletException(
          WalletError.LEDGER_UNAVAILABLE,
          "could not look the verifier up on the ledger: " + e.getMessage(),
          e);
    }
    Registration reg =
        found.orElseThrow(
            () ->
                new WalletException(
                    WalletError.RP_NOT_REGISTERED,
                    "the verifier "
                        + request.verifier()
                        + " is not registered on the ledger; nothing was shared"));
    if (!reg.active()) {
      throw new WalletException(
          WalletError.RP_NOT_REGISTERED,
          "the verifier " + reg.name() + " is suspended on the ledger; nothing was shared");
    }
    return reg;
  }

  /**
   * Checks that every requested claim of every requested credential type is within the
   * registration.
   *
   * @throws WalletException RP_NOT_REGISTERED_FOR_CLAIM, CREDENTIAL_TYPE_UNKNOWN
   */
  public void checkClaims(AuthorizationRequest request, Registration reg) throws WalletException {
    for (DcqlQuery.CredentialQuery q : request.query().credentials()) {
      for (CredentialType t : types(q)) {
        if (!reg.coversType(t.id())) {
          throw new WalletException(
              WalletError.RP_NOT_REGISTERED_FOR_CLAIM,
              reg.name() + " is not registered to ask for " + t.display("en").name());
        }
        List<String> beyond = new ArrayList<>();
        for (String claim : q.claims()) {
          if (!reg.allows(t.id(), claim)) {
            beyond.add(claim);
          }
        }
        if (!beyond.isEmpty()) {
          throw new WalletException(
              WalletError.RP_NOT_REGISTERED_FOR_CLAIM,
              reg.name()
                  + " asks for "
                  + String.join(", ", beyond)
                  + ", which its registration does not allow; nothing was shared");
        }
      }
    }
  }

  /**
   * Builds the presentation of one credential: the Issuer-signed JWT, the Disclosures of exactly
   * {@code claims} (and their parents), and a KB-JWT signed by the credential's holder key.
   *
   * @param issued the stored SD-JWT VC
   * @param claims top-level claim names to disclose
   * @param holderKey the key of the credential's {@code cnf.jwk}
   * @param audience the full client_id
   * @param nonce the request's nonce
   * @throws WalletException NO_MATCHING_CREDENTIAL if a claim is absent, CREDENTIAL_INVALID if the
   *     stored credential no longer parses
   */
  public static String present(
      String issued,
      List<String> claims,
      Signer holderKey,
      String audience,
      String nonce,
      Instant issuedAt)
      throws WalletException {
    SdJwt sd;
    Map<String, Disclosure> byPath;
    ObjectNode payload;
    try {
      sd = SdJwt.parseIssued(issued);
      byPath = SdJwtProcessor.disclosuresByPath(sd);
      payload = sd.issuerJwt().payloadJson();
    } catch (SdJwtException | JoseException e) {
      throw new WalletException(
          WalletError.CREDENTIAL_INVALID, "a stored credential is damaged: " + e.getMessage());
    }
    Set<String> digests = new HashSet<>();
    for (String claim : claims) {
      Disclosure d = byPath.get("/" + claim.replace("~", "~0").replace("/", "~1"));
      if (d != null) {
        digests.add(d.digest());
      } else if (!payload.has(claim)) {
        throw new WalletException(
            WalletError.NO_MATCHING_CREDENTIAL, "the credential has no claim " + claim);
      }
    }
    SdJwt presented = sd.select(d -> digests.contains(d.digest()));
    Jws kb = KeyBinding.create(presented, holderKey, audience, nonce, issuedAt);
    return presented.withKeyBinding(kb).serialize();
  }

  /**
   * Builds the presentation of one mdoc (OpenID4VP 1.0 Appendix B.2): a DeviceResponse with one
   * Document holding exactly the given elements of one namespace, device-signed over the
   * SessionTranscript of this request ({@code OpenID4VPHandover} of client_id, nonce, no encryption
   * key thumbprint, response_uri).
   *
   * @param issued the stored IssuerSigned (base64url, as issued)
   * @param namespace the namespace of the elements
   * @param elements the data element identifiers to disclose
   * @param deviceKey the key of the MSO's deviceKey
   * @param clientId the full client_id
   * @param nonce the request's nonce
   * @param responseUri the request's response_uri, exactly as it was given
   * @return base64url of the DeviceResponse, the vp_token value
   * @throws WalletException NO_MATCHING_CREDENTIAL if an element is absent, CREDENTIAL_INVALID if
   *     the stored mdoc no longer parses, KEY_FAILED if the device key cannot sign
   */
  public static String presentMdoc(
      String issued,
      String namespace,
      List<String> elements,
      Signer deviceKey,
      String clientId,
      String nonce,
      String responseUri)
      throws WalletException {
    IssuerSigned credential;
    try {
      credential = IssuerSigned.decode(Base64Url.decode(issued));
    } catch (MdocException | IllegalArgumentException e) {
      throw new WalletException(
          WalletError.CREDENTIAL_INVALID, "a stored mdoc is damaged: " + e.getMessage());
    }
    Set<String> present = new HashSet<>();
    credential
        .nameSpaces()
        .getOrDefault(namespace, List.of())
        .forEach(i -> present.add(i.elementIdentifier()));
    for (String e : elements) {
      if (!present.contains(e)) {
        throw new WalletException(
            WalletError.NO_MATCHING_CREDENTIAL, "the mdoc has no element " + namespace + "/" + e);
      }
    }
    Map<String, Set<String>> selected =
        elements.isEmpty() ? Map.of() : Map.of(namespace, Set.copyOf(elements));
    SessionTranscript transcript =
        SessionTranscript.openId4VpRedirect(clientId, nonce, Optional.empty(), responseUri);
    try {
      return Base64Url.encode(
          MdocHolder.respond(MdocHolder.present(credential, selected, transcript, deviceKey))
              .encode());
    } catch (MdocException e) {
      throw new WalletException(
          WalletError.CREDENTIAL_INVALID, "a stored mdoc is damaged: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new WalletException(
          WalletError.KEY_FAILED, "the device key cannot sign an mdoc presentation", e);
    }
  }

  /**
   * Posts the presentations ({@code direct_post}) and reads the verifier's answer.
   *
   * @param presentations by credential query id
   * @param presentedTypes the credential types presented, to check the verifier's event against
   * @throws WalletException NETWORK, RESPONSE_TOO_LARGE, RESPONSE_MALFORMED, VERIFIER_REJECTED (for
   *     a server error: the verifier may not have looked at it)
   */
  public VerifierAnswer send(
      AuthorizationRequest request, Map<String, String> presentations, Set<String> presentedTypes)
      throws WalletException {
    ObjectNode vpToken = Json.object();
    presentations.forEach((id, p) -> vpToken.putArray(id).add(p));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("vp_token", Json.string(vpToken));
    if (request.state() != null) {
      form.put("state", request.state());
    }
    HttpResponse r =
        http.exchange(HttpRequest.postForm(request.responseUri(), form, "application/json"), PARTY);
    if (r.status() >= 500) {
      throw JsonHttp.rejection(r, PARTY, WalletError.VERIFIER_REJECTED);
    }
    if (!r.isSuccess()) {
      WalletException e = JsonHttp.rejection(r, PARTY, WalletError.VERIFIER_REJECTED);
      return new VerifierAnswer(false, e.remoteCode(), e.getMessage(), List.of(), null, null, null);
    }
    ObjectNode json = JsonHttp.jsonObject(r, PARTY);
    String redirect =
        json.path("redirect_uri").isTextual() ? json.get("redirect_uri").asText() : null;
    JsonNode result = json.get("kdid_result");
    if (result == null || !result.isObject() || !result.path("verified").isBoolean()) {
      return new VerifierAnswer(
          false,
          "RESULT_MISSING",
          "the verifier did not say whether it verified the presentation",
          List.of(),
          null,
          null,
          redirect);
    }
    List<String> checks = new ArrayList<>();
    JsonNode cs = result.get("checks");
    if (cs != null && cs.isArray()) {
      for (JsonNode c : cs) {
        checks.add(
            JsonHttp.sanitise(
                c.isObject()
                    ? checkName(c)
                        + ": "
                        + (c.has("status") ? c.get("status").asText() : c.path("passed").asText())
                    : c.asText()));
      }
    }
    boolean verified = result.get("verified").booleanValue();
    if (!verified) {
      String code = result.path("error").asText(null);
      List<String> failed = new ArrayList<>();
      if (cs != null && cs.isArray()) {
        for (JsonNode c : cs) {
          if (c.isObject() && "FAILED".equalsIgnoreCase(c.path("status").asText())) {
            failed.add(JsonHttp.sanitise(checkName(c)));
          }
        }
      }
      return new VerifierAnswer(
          false,
          code == null ? "NOT_VERIFIED" : JsonHttp.sanitise(code),
          failed.isEmpty() ? null : "failed checks: " + String.join(", ", failed),
          checks,
          null,
          null,
          redirect);
    }
    EventCommitment event = null;
    String problem = null;
    JsonNode ev = json.get("kdid_verification_event");
    if (ev == null || ev.isNull()) {
      problem = "the verifier gave no verification event";
    } else {
      try {
        event = EventCommitment.fromJson(ev);
        if (!EventCommitment.VERIFICATION.equals(event.kind())) {
          problem = "the verification event is not of kind verification";
        } else if (!event.party().equals(request.verifier().toString())) {
          problem = "the verification event names another verifier";
        } else if (!presentedTypes.containsAll(
            java.util.Arrays.asList(event.credentialType().split(",")))) {
          problem = "the verification event names a credential type that was not presented";
        }
      } catch (IllegalArgumentException e) {
        problem = "the verification event is malformed";
      }
      if (problem != null) {
        event = null;
      }
    }
    return new VerifierAnswer(true, null, null, checks, event, problem, redirect);
  }

  /** A check's name: K-DID verifiers call it {@code check}; {@code name} is accepted too. */
  private static String checkName(JsonNode c) {
    return c.hasNonNull("check") ? c.get("check").asText() : c.path("name").asText("?");
  }

  /**
   * Tells the verifier the holder declined ({@code error=access_denied}). Best effort.
   *
   * @return true if the verifier acknowledged it
   */
  public boolean decline(AuthorizationRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("error", OpenId4VpSpec.ACCESS_DENIED);
    form.put("error_description", "the holder declined to share");
    if (request.state() != null) {
      form.put("state", request.state());
    }
    try {
      return http.exchange(
              HttpRequest.postForm(request.responseUri(), form, "application/json"), PARTY)
          .isSuccess();
    } catch (WalletException e) {
      return false;
    }
  }

  private static WalletException malformed(String message) {
    return new WalletException(WalletError.REQUEST_MALFORMED, message);
  }
}
