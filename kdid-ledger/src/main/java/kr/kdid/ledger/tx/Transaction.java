package kr.kdid.ledger.tx;

import java.util.Arrays;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.did.Did;
import kr.kdid.core.encoding.Hex;

/**
 * A decoded, well-formed transaction: a compact JWS whose payload is the canonical JSON of a {@link
 * TxPayload}. Well-formed says nothing about the signature or the ledger's rules; those are checked
 * by the state machine.
 *
 * <p>The transaction id is the SHA-256 of the payload bytes, so it does not change if someone
 * re-encodes the signature. Immutable.
 *
 * @param encoded the compact JWS as received
 * @param algorithm the JWS algorithm
 * @param signingInput the JWS signing input (header '.' payload, ASCII)
 * @param payloadBytes the payload's canonical JSON bytes
 * @param signature the raw signature
 * @param payload the parsed payload
 * @param id SHA-256 of the payload bytes
 */
public record Transaction(
    String encoded,
    SignatureAlgorithm algorithm,
    byte[] signingInput,
    byte[] payloadBytes,
    byte[] signature,
    TxPayload payload,
    byte[] id) {

  /** The id as lower-case hex. */
  public String idHex() {
    return Hex.encode(id);
  }

  public TxType type() {
    return payload.type();
  }

  /** The DID that signed. */
  public Did signerDid() {
    return payload.signer().did();
  }

  /** The key under which the ledger remembers this signer's nonce. */
  public byte[] nonceKey() {
    return Sha256.hash(
        (payload.signer().did() + "\u0000" + payload.nonce())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** SHA-256 of the whole encoded transaction (covers the signature too). */
  public byte[] encodedHash() {
    return Sha256.hash(encoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && encoded.equals(t.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return "Transaction[" + type().wireName() + " " + idHex() + " by " + payload.signer() + "]";
  }

  /** Byte-wise id comparison. */
  public boolean sameId(byte[] other) {
    return Arrays.equals(id, other);
  }
}
