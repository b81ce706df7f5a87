package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.issuer.store.IssuerStore.Redemption;

/**
 * The Token Endpoint for the pre-authorized code grant (OpenID4VCI §6): checks the code (single
 * use, unexpired) and its transaction code (a few attempts, then the offer locks), and returns a
 * short-lived bearer access token for one credential request.
 */
public final class RedeemPreAuthorizedCode {
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

  private final IssuerConfig config;
  private final IssuerStore store;
  private final Clock clock;
  private final SecureRandom random;

  public RedeemPreAuthorizedCode(
      IssuerConfig config, IssuerStore store, Clock clock, SecureRandom random) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Handles a token request's form parameters.
   *
   * @return the token response
   * @throws Oid4vciError for every refusal, each with its own K-DID code
   */
  public ObjectNode redeem(Map<String, String> form) {
    String grant = form.get("grant_type");
    if (grant == null || grant.isEmpty()) {
      throw Oid4vciError.invalidRequest("MISSING_GRANT_TYPE", "grant_type is required");
    }
    if (!GRANT_TYPE.equals(grant)) {
      throw new Oid4vciError(
          400,
          "unsupported_grant_type",
          "UNSUPPORTED_GRANT_TYPE",
          "this token endpoint supports the pre-authorized code and authorization code grants");
    }
    String code = form.get("pre-authorized_code");
    if (code == null || code.isEmpty()) {
      throw Oid4vciError.invalidRequest(
          "MISSING_PRE_AUTHORIZED_CODE", "pre-authorized_code is required");
    }
    String txCode = form.get("tx_code");
    if (txCode == null || txCode.isEmpty()) {
      throw Oid4vciError.invalidRequest(
          "MISSING_TX_CODE", "this offer requires the transaction code (tx_code)");
    }
    long now = clock.millis();
    // The transaction code's hash is salted with the offer id: find the offer first.
    String codeHash = Secrets.hash(code);
    String offerId = store.offerIdByCodeHash(codeHash).orElse(null);
    if (offerId == null) {
      throw Oid4vciError.invalidGrant("UNKNOWN_PRE_AUTHORIZED_CODE", "unknown pre-authorized code");
    }
    Redemption r =
        store.redeem(
            codeHash, Secrets.txCodeHash(offerId, txCode), now, config.maxTxCodeAttempts());
    return switch (r) {
      case Redemption.Unknown u ->
          throw Oid4vciError.invalidGrant(
              "UNKNOWN_PRE_AUTHORIZED_CODE", "unknown pre-authorized code");
      case Redemption.Expired e ->
          throw Oid4vciError.invalidGrant(
              "OFFER_EXPIRED", "the credential offer has expired; ask the issuer for a new one");
      case Redemption.AlreadyUsed a ->
          throw Oid4vciError.invalidGrant(
              "PRE_AUTHORIZED_CODE_USED", "the pre-authorized code was already used");
      case Redemption.Locked l ->
          throw Oid4vciError.invalidGrant(
              "OFFER_LOCKED", "too many wrong transaction codes; the offer is locked");
      case Redemption.WrongTxCode w ->
          throw Oid4vciError.invalidGrant(
              "TX_CODE_WRONG",
              "wrong transaction code; "
                  + w.attemptsLeft()
                  + " more attempt(s) before the offer locks");
      case Redemption.Redeemed ok -> issueToken(ok.offer());
    };
  }

  private ObjectNode issueToken(IssuerStore.Offer offer) {
    String token = Secrets.token(random);
    long ttl = config.tokenTtl().toSeconds();
    store.insertAccessToken(Secrets.hash(token), offer.id(), clock.millis() + ttl * 1000);
    ObjectNode o = Json.object();
    o.put("access_token", token);
    o.put("token_type", "Bearer");
    o.put("expires_in", ttl);
    return o;
  }
}
