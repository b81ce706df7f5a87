package kr.kdid.core.crypto;

import kr.kdid.core.encoding.Multibase;
import kr.kdid.core.encoding.Multicodec;

/**
 * A public key that verifies signatures. Instances are immutable and thread-safe; keep and reuse
 * them, because each caches the precomputation that makes repeated verification fast.
 */
public sealed interface VerificationKey permits P256Key, Ed25519Key {

  SignatureAlgorithm algorithm();

  /**
   * Verifies a signature in JWS form (64-byte r||s for ES256, 64 bytes for EdDSA) over the message.
   * Never throws for malformed signatures; they do not verify.
   */
  boolean verify(byte[] message, byte[] signature);

  /** The key's canonical bytes: the 33-byte compressed point (P-256) or 32 bytes (Ed25519). */
  byte[] encoded();

  /** The public JWK (no kid). */
  Jwk toJwk();

  /** Multicodec-prefixed, base58btc multibase form, as in did:key and Multikey documents. */
  default String toMultibase() {
    Multicodec codec =
        switch (algorithm()) {
          case ES256 -> Multicodec.P256_PUB;
          case EDDSA -> Multicodec.ED25519_PUB;
        };
    return Multibase.encodeBase58Btc(codec.prefix(encoded()));
  }

  /** RFC 7638 thumbprint of the public JWK. */
  default String thumbprint() {
    return toJwk().thumbprint();
  }

  /**
   * The public key of a JWK (a private JWK's public part).
   *
   * @throws IllegalArgumentException if the JWK is not a valid key (e.g. a point off the curve)
   */
  static VerificationKey fromJwk(Jwk jwk) {
    return switch (jwk.kty()) {
      case "EC" -> P256Key.fromJwk(jwk);
      case "OKP" -> Ed25519Key.fromJwk(jwk);
      default -> throw new IllegalArgumentException("unsupported JWK kty: " + jwk.kty());
    };
  }

  /**
   * The key of a multibase, multicodec-prefixed value (did:key, Multikey).
   *
   * @throws IllegalArgumentException for unsupported codecs or invalid keys
   */
  static VerificationKey fromMultibase(String multibase) {
    Multicodec.Prefixed p = Multicodec.split(Multibase.decode(multibase));
    return switch (p.codec()) {
      case P256_PUB -> P256Key.fromEncoded(p.value());
      case ED25519_PUB -> Ed25519Key.fromEncoded(p.value());
    };
  }
}
