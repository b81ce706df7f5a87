package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.IssuerStore;

/**
 * Creates a credential offer for an enrolled applicant (OpenID4VCI §4.1): a single-use
 * pre-authorized code that requires a 6-digit transaction code, which reaches the holder over
 * another channel (a letter, an SMS, an officer). The offer can be passed by value or by reference
 * (a URI, or its QR code image).
 */
public final class CreateOffer {
  /** Digits of the transaction code. */
  public static final int TX_CODE_LENGTH = 6;

  private final IssuerConfig config;
  private final IssuerStore store;
  private final kr.kdid.credentials.catalog.Catalog catalog;
  private final Clock clock;
  private final SecureRandom random;

  public CreateOffer(
      IssuerConfig config,
      IssuerStore store,
      kr.kdid.credentials.catalog.Catalog catalog,
      Clock clock,
      SecureRandom random) {
    this.config = config;
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A created offer, with everything to hand to the holder.
   *
   * @param offerId the id under which the offer is served by reference
   * @param offer the credential offer object
   * @param uriByValue {@code openid-credential-offer://?credential_offer=...}
   * @param uriByReference {@code openid-credential-offer://?credential_offer_uri=...}
   * @param offerUrl where the offer is served (the {@code credential_offer_uri})
   * @param qrUrl a PNG QR code of the by-reference URI
   * @param txCode the transaction code, to be delivered out of band; never stored in clear
   * @param expiresAt when the pre-authorized code expires
   */
  public record Result(
      String offerId,
      ObjectNode offer,
      String uriByValue,
      String uriByReference,
      String offerUrl,
      String qrUrl,
      String txCode,
      Instant expiresAt) {}

  /**
   * Creates an offer.
   *
   * @throws IllegalArgumentException if the applicant or type is unknown to this issuer
   */
  public Result create(String applicantId, String credentialType) {
    return create(applicantId, credentialType, null);
  }

  /**
   * Creates an offer that renews a batch or re-issues a type to a new device.
   *
   * @param replacement what the offer replaces (null for a first issuance)
   * @throws IllegalArgumentException if the applicant or type is unknown to this issuer
   */
  public Result create(
      String applicantId, String credentialType, IssuerStore.OfferReplacement replacement) {
    if (!config.credentialTypes().contains(credentialType)) {
      throw new IllegalArgumentException(
          "this issuer does not issue "
              + credentialType
              + "; it issues "
              + config.credentialTypes());
    }
    if (store.applicant(applicantId).isEmpty()) {
      throw new IllegalArgumentException("no enrolled applicant " + applicantId);
    }
    String offerId = Secrets.token(random).substring(0, 22);
    String code = Secrets.token(random);
    String txCode = Secrets.digits(random, TX_CODE_LENGTH);
    Instant now = clock.instant();
    Instant expires =
        now.plus(config.offerTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    ObjectNode offer = Json.object();
    offer.put("credential_issuer", config.credentialIssuer());
    var ids = offer.putArray("credential_configuration_ids").add(credentialType);
    // The same card as an ISO 18013-5 mdoc (configuration id = doctype): a wallet may take both.
    catalog
        .byId(credentialType)
        .map(kr.kdid.credentials.catalog.CredentialType::doctype)
        .ifPresent(ids::add);
    ObjectNode grant =
        offer.putObject("grants").putObject("urn:ietf:params:oauth:grant-type:pre-authorized_code");
    grant.put("pre-authorized_code", code);
    ObjectNode tx = grant.putObject("tx_code");
    tx.put("input_mode", "numeric");
    tx.put("length", TX_CODE_LENGTH);
    tx.put("description", "Enter the 6-digit code from your notice (발급 안내문의 6자리 번호)");

    store.insertOffer(
        new IssuerStore.Offer(
            offerId,
            Secrets.hash(code),
            Secrets.txCodeHash(offerId, txCode),
            applicantId,
            credentialType,
            now.toEpochMilli(),
            expires.toEpochMilli(),
            IssuerStore.OFFERED,
            0,
            offer),
        replacement);
    String offerUrl = config.credentialIssuer() + "/offers/" + offerId;
    return new Result(
        offerId,
        offer,
        "openid-credential-offer://?credential_offer="
            + URLEncoder.encode(Json.string(offer), StandardCharsets.UTF_8),
        "openid-credential-offer://?credential_offer_uri="
            + URLEncoder.encode(offerUrl, StandardCharsets.UTF_8),
        offerUrl,
        offerUrl + "/qr.png",
        txCode,
        expires);
  }
}
