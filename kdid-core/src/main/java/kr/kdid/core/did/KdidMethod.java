package kr.kdid.core.did;

import java.util.Arrays;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base58;

/**
 * The {@code did:kdid} method's identifier rules (see docs/did-method.md): the method-specific id
 * is the base58btc encoding of the first 16 bytes of SHA-256 over the RFC 7638 thumbprint input of
 * the DID's first key. The id is therefore self-certifying: only the holder of that key can create
 * the DID.
 */
public final class KdidMethod {
  public static final String METHOD = "kdid";

  /** Bytes of the hash kept in the identifier. */
  public static final int ID_BYTES = 16;

  private KdidMethod() {}

  /** The DID that a first key derives. */
  public static Did didFor(VerificationKey initialKey) {
    byte[] h = Sha256.hash(initialKey.toJwk().thumbprintInput());
    return new Did(METHOD, Base58.encode(Arrays.copyOf(h, ID_BYTES)));
  }

  /** True if the DID is the one this key derives. */
  public static boolean derivesFrom(Did did, VerificationKey initialKey) {
    return didFor(initialKey).equals(did);
  }

  /**
   * Checks the syntax of a did:kdid.
   *
   * @throws InvalidDidException if the DID is not a syntactically valid did:kdid
   */
  public static Did parse(String text) {
    Did did = Did.parse(text);
    if (!METHOD.equals(did.method())) {
      throw new InvalidDidException("not a did:kdid: " + text);
    }
    byte[] id;
    try {
      id = Base58.decode(did.methodSpecificId());
    } catch (IllegalArgumentException e) {
      throw new InvalidDidException("did:kdid id is not base58btc", e);
    }
    if (id.length != ID_BYTES || !Base58.encode(id).equals(did.methodSpecificId())) {
      throw new InvalidDidException("did:kdid id must encode " + ID_BYTES + " bytes");
    }
    return did;
  }
}
