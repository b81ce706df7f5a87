package kr.kdid.wallet.issuance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * A credential request the issuer deferred (OpenID4VCI §9): what the wallet keeps to collect the
 * credentials later with {@link IssuanceClient#poll}. It holds a bearer access token and holder key
 * references: store it only inside the wallet's sealed storage ({@link #toJson()} and {@link
 * #fromJson} serialise it for that), never log it ({@link #toString()} hides both).
 *
 * @param credentialIssuer the Credential Issuer Identifier
 * @param configurationId the requested credential configuration
 * @param transactionId the issuer's transaction id
 * @param accessToken the access token of the original request (the deferred endpoint wants it)
 * @param keyReferences the holder keys proven in the original request, to which the credentials
 *     will be bound
 * @param notBefore when the issuer wants the next request at the earliest
 */
public record DeferredCredential(
    String credentialIssuer,
    String configurationId,
    String transactionId,
    String accessToken,
    List<String> keyReferences,
    Instant notBefore) {

  public DeferredCredential {
    Objects.requireNonNull(credentialIssuer, "credentialIssuer");
    Objects.requireNonNull(configurationId, "configurationId");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(accessToken, "accessToken");
    notBefore = Objects.requireNonNull(notBefore, "notBefore").truncatedTo(ChronoUnit.MILLIS);
    keyReferences = List.copyOf(keyReferences);
    if (keyReferences.isEmpty()) {
      throw new IllegalArgumentException("a deferred request proved at least one key");
    }
  }

  /** This request with a new earliest time for the next poll. */
  public DeferredCredential withNotBefore(Instant t) {
    return new DeferredCredential(
        credentialIssuer, configurationId, transactionId, accessToken, keyReferences, t);
  }

  /** The JSON form for the wallet's sealed storage. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("credential_issuer", credentialIssuer);
    o.put("credential_configuration_id", configurationId);
    o.put("transaction_id", transactionId);
    o.put("access_token", accessToken);
    ArrayNode keys = o.putArray("key_references");
    keyReferences.forEach(keys::add);
    o.put("not_before", notBefore.toEpochMilli());
    return o;
  }

  /**
   * Reads what {@link #toJson()} wrote.
   *
   * @throws WalletException WALLET_CORRUPT if it is not such an object
   */
  public static DeferredCredential fromJson(JsonNode o) throws WalletException {
    try {
      List<String> keys = new ArrayList<>();
      for (JsonNode k : o.get("key_references")) {
        keys.add(k.textValue());
      }
      return new DeferredCredential(
          o.get("credential_issuer").textValue(),
          o.get("credential_configuration_id").textValue(),
          o.get("transaction_id").textValue(),
          o.get("access_token").textValue(),
          keys,
          Instant.ofEpochMilli(o.get("not_before").longValue()));
    } catch (RuntimeException e) {
      throw new WalletException(WalletError.WALLET_CORRUPT, "a stored deferred request is damaged");
    }
  }

  @Override
  public String toString() {
    return "DeferredCredential[" + credentialIssuer + ", " + configurationId + "]";
  }
}
