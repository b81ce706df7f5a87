package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.IssuerStore;

/**
 * Creates a credential offer with the {@code authorization_code} grant (OpenID4VCI §4.1.1): the
 * holder signs in at the issuer instead of typing a transaction code. Its {@code issuer_state}
 * (single use, expiring with the offer) ties the sign-in to the applicant the offer was made for: a
 * person who signs in as someone else is refused.
 */
public final class CreateAuthorizationCodeOffer {
  private final java.util.function.Function<String, String> doctypeOf;
  private final IssuerConfig config;
  private final IssuerStore issuerStore;
  private final AuthorizationStore store;
  private final Clock clock;
  private final SecureRandom random;

  public CreateAuthorizationCodeOffer(
      IssuerConfig config,
      IssuerStore issuerStore,
      AuthorizationStore store,
      Clock clock,
      SecureRandom random) {
    this(config, issuerStore, store, t -> null, clock, random);
  }

  /**
   * @param doctypeOf the mdoc doctype (configuration id) of a credential type, or null
   */
  public CreateAuthorizationCodeOffer(
      IssuerConfig config,
      IssuerStore issuerStore,
      AuthorizationStore store,
      java.util.function.Function<String, String> doctypeOf,
      Clock clock,
      SecureRandom random) {
    this.doctypeOf = doctypeOf;
    this.config = config;
    this.issuerStore = issuerStore;
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A created offer.
   *
   * @param uriByValue {@code openid-credential-offer://?credential_offer=...}
   */
  public record Result(String offerId, ObjectNode offer, String uriByValue, Instant expiresAt) {}

  /**
   * Creates an offer.
   *
   * @throws IllegalArgumentException if the applicant or type is unknown to this issuer
   */
  public Result create(String applicantId, String credentialType) {
    if (!config.credentialTypes().contains(credentialType)) {
      throw new IllegalArgumentException("this issuer does not issue " + credentialType);
    }
    if (issuerStore.applicant(applicantId).isEmpty()) {
      throw new IllegalArgumentException("no enrolled applicant " + applicantId);
    }
    String id = Secrets.token(random).substring(0, 22);
    String issuerState = Secrets.token(random);
    Instant now = clock.instant();
    Instant expires = now.plus(config.offerTtl()).truncatedTo(ChronoUnit.SECONDS);
    ObjectNode offer = Json.object();
    offer.put("credential_issuer", config.credentialIssuer());
    var ids = offer.putArray("credential_configuration_ids").add(credentialType);
    String doctype = doctypeOf.apply(credentialType);
    if (doctype != null) {
      ids.add(doctype); // the same card as an mdoc
    }
    offer
        .putObject("grants")
        .putObject(AuthorizeWithCode.GRANT_TYPE)
        .put("issuer_state", issuerState);
    store.insertAuthorizationOffer(
        new AuthorizationStore.AuthorizationOffer(
            id,
            Secrets.hash(issuerState),
            applicantId,
            credentialType,
            now.toEpochMilli(),
            expires.toEpochMilli(),
            false));
    return new Result(
        id,
        offer,
        "openid-credential-offer://?credential_offer="
            + URLEncoder.encode(Json.string(offer), StandardCharsets.UTF_8),
        expires);
  }
}
