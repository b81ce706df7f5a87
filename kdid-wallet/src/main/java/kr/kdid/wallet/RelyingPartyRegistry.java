package kr.kdid.wallet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.did.Did;

/**
 * The ledger's trust registry of relying parties (verifiers), as the wallet asks it before showing
 * a presentation request to the holder. A port: the launcher implements it over the verified ledger
 * client; tests use fakes. Implementations are thread-safe; a {@link RuntimeException} means the
 * registry could not be asked (the wallet reports {@link WalletError#LEDGER_UNAVAILABLE}).
 */
public interface RelyingPartyRegistry {

  /**
   * A relying party's registration.
   *
   * @param name its name, shown to the holder
   * @param purpose why it asks, shown to the holder
   * @param active false if governance suspended it
   * @param claims for each credential type (catalog id), the claims it may request
   */
  record Registration(
      String name, String purpose, boolean active, Map<String, List<String>> claims) {
    public Registration {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(purpose, "purpose");
      Map<String, List<String>> copy = new LinkedHashMap<>();
      claims.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      claims = java.util.Collections.unmodifiableMap(copy);
    }

    /** True if registered for the credential type at all. */
    public boolean coversType(String credentialType) {
      return claims.containsKey(credentialType);
    }

    /** True if registered to request this claim of this credential type. */
    public boolean allows(String credentialType, String claim) {
      return claims.getOrDefault(credentialType, List.of()).contains(claim);
    }
  }

  /** The registration of a relying party's DID, if it has one (active or suspended). */
  Optional<Registration> lookup(Did did);
}
