package kr.kdid.core.crypto;

/**
 * Something that signs with a private key: a software key here, an HSM or a phone's secure element
 * elsewhere. Implementations are thread-safe.
 */
public interface Signer {

  SignatureAlgorithm algorithm();

  VerificationKey publicKey();

  /** A signature in JWS form over the message (64-byte r||s for ES256, 64 bytes for EdDSA). */
  byte[] sign(byte[] message);
}
