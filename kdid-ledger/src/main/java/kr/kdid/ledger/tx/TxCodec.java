package kr.kdid.ledger.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;

/**
 * Encodes and decodes ledger transactions: compact JWS ({@code header.payload.signature}) with the
 * protected header {@code {"alg":"ES256"|"EdDSA","typ":"kdid-tx"}} and a payload in RFC 8785
 * canonical JSON. Stateless and thread-safe.
 */
public final class TxCodec {
  /** The JWS "typ" of ledger transactions. */
  public static final String TYP = "kdid-tx";

  /** Longest encoded transaction accepted. */
  public static final int MAX_LENGTH = 1 << 21;

  private TxCodec() {}

  /**
   * Decodes a transaction and checks its form: three base64url parts, a supported algorithm, the
   * typ, a canonical payload with the known members, a well-formed body. The signature is not
   * verified here.
   *
   * @throws TxRejectedException with a MALFORMED-kind code
   */
  public static Transaction decode(String jws) throws TxRejectedException {
    if (jws == null || jws.isEmpty()) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "transaction is empty");
    }
    if (jws.length() > MAX_LENGTH) {
      throw new TxRejectedException(
          RejectCode.TX_TOO_LARGE, "transaction longer than " + MAX_LENGTH + " characters");
    }
    int d1 = jws.indexOf('.');
    int d2 = d1 < 0 ? -1 : jws.indexOf('.', d1 + 1);
    if (d1 < 0 || d2 < 0 || jws.indexOf('.', d2 + 1) >= 0) {
      throw new TxRejectedException(
          RejectCode.MALFORMED_TX, "transaction must be a compact JWS: header.payload.signature");
    }
    byte[] headerBytes;
    byte[] payloadBytes;
    byte[] signature;
    try {
      headerBytes = Base64Url.decode(jws.substring(0, d1));
      payloadBytes = Base64Url.decode(jws.substring(d1 + 1, d2));
      signature = Base64Url.decode(jws.substring(d2 + 1));
    } catch (IllegalArgumentException e) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "JWS parts must be base64url");
    }
    SignatureAlgorithm alg = readHeader(headerBytes);
    if (signature.length != 64) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "signature must be 64 bytes");
    }
    JsonNode p;
    try {
      p = Json.parse(payloadBytes);
    } catch (MalformedJsonException e) {
      throw new TxRejectedException(
          RejectCode.MALFORMED_TX, "payload is not JSON: " + e.getMessage());
    }
    byte[] canonical;
    try {
      canonical = Jcs.canonicalize(p);
    } catch (IllegalArgumentException e) {
      throw new TxRejectedException(RejectCode.NOT_CANONICAL, e.getMessage());
    }
    if (!Arrays.equals(canonical, payloadBytes)) {
      throw new TxRejectedException(
          RejectCode.NOT_CANONICAL, "payload must be RFC 8785 canonical JSON");
    }
    TxPayload payload = readPayload(p);
    byte[] signingInput = jws.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
    return new Transaction(
        jws, alg, signingInput, payloadBytes, signature, payload, Sha256.hash(payloadBytes));
  }

  private static SignatureAlgorithm readHeader(byte[] headerBytes) throws TxRejectedException {
    JsonNode h;
    try {
      h = Json.parse(headerBytes);
    } catch (MalformedJsonException e) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "JWS header is not JSON");
    }
    Fields f = new Fields(h, "JWS header", RejectCode.MALFORMED_TX);
    String alg = f.text("alg", 16);
    String typ = f.text("typ", 32);
    f.done();
    if (!TYP.equals(typ)) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "JWS typ must be \"" + TYP + "\"");
    }
    try {
      return SignatureAlgorithm.fromJwsName(alg);
    } catch (IllegalArgumentException e) {
      throw new TxRejectedException(
          RejectCode.UNSUPPORTED_ALGORITHM, "alg must be ES256 or EdDSA, not " + alg);
    }
  }

  private static TxPayload readPayload(JsonNode p) throws TxRejectedException {
    Fields f = new Fields(p, "payload", RejectCode.MALFORMED_TX);
    long v = f.integer("v", 1, 1);
    String chain = f.text("chain", 64);
    String typeName = f.text("type", 64);
    String signerText = f.text("signer", 2100);
    String nonce = f.text("nonce", 88);
    Long expires = f.raw("exp", false) == null ? null : f.integer("exp", 0, 1L << 40);
    JsonNode body = f.raw("body", true);
    f.done();
    TxType type = TxType.fromWireName(typeName);
    if (type == null) {
      throw new TxRejectedException(
          RejectCode.UNKNOWN_TX_TYPE, "unknown transaction type \"" + typeName + "\"");
    }
    DidUrl signer;
    try {
      signer = DidUrl.parse(signerText);
    } catch (InvalidDidException e) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "signer: " + e.getMessage());
    }
    if (!signer.isFragmentOnly()) {
      throw new TxRejectedException(
          RejectCode.MALFORMED_TX, "signer must be a DID URL naming a key, like did:...#key-1");
    }
    byte[] n;
    try {
      n = Base64Url.decode(nonce);
    } catch (IllegalArgumentException e) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "nonce must be base64url");
    }
    if (n.length < 16 || n.length > 64) {
      throw new TxRejectedException(RejectCode.MALFORMED_TX, "nonce must be 16 to 64 bytes");
    }
    return new TxPayload((int) v, chain, signer, nonce, expires, TxBody.fromJson(type, body));
  }

  /**
   * Signs a transaction with a fresh random 16-byte nonce.
   *
   * @param signer the key
   * @param signerId the DID URL of the key's verification method
   * @param chain the chain id
   * @param body the body
   */
  public static Transaction sign(Signer signer, String signerId, String chain, TxBody body) {
    return sign(signer, signerId, chain, body, Randomness.secure());
  }

  /** Signs with a nonce drawn from {@code random}. */
  public static Transaction sign(
      Signer signer, String signerId, String chain, TxBody body, SecureRandom random) {
    return sign(signer, signerId, chain, body, Base64Url.encode(Randomness.bytes(random, 16)));
  }

  /**
   * Signs with a fresh random nonce and a deadline: blocks later than {@code expires} refuse the
   * transaction. Services sign this way (a few minutes ahead of their clock).
   */
  public static Transaction sign(
      Signer signer, String signerId, String chain, TxBody body, java.time.Instant expires) {
    return sign(
        signer,
        signerId,
        chain,
        body,
        Base64Url.encode(Randomness.bytes(16)),
        expires.getEpochSecond());
  }

  /** Signs with the given nonce (for tests of replay handling). */
  public static Transaction sign(
      Signer signer, String signerId, String chain, TxBody body, String nonce) {
    return sign(signer, signerId, chain, body, nonce, null);
  }

  /** Signs with the given nonce and optional deadline (seconds since the epoch). */
  public static Transaction sign(
      Signer signer, String signerId, String chain, TxBody body, String nonce, Long expires) {
    TxPayload payload =
        new TxPayload(TxPayload.VERSION, chain, DidUrl.parse(signerId), nonce, expires, body);
    ObjectNode header = Json.object();
    header.put("alg", signer.algorithm().jwsName());
    header.put("typ", TYP);
    byte[] payloadBytes = Jcs.canonicalize(payload.toJson());
    String signingInput =
        Base64Url.encode(Jcs.canonicalize(header)) + "." + Base64Url.encode(payloadBytes);
    byte[] sig = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
    String jws = signingInput + "." + Base64Url.encode(sig);
    try {
      return decode(jws);
    } catch (TxRejectedException e) {
      throw new IllegalArgumentException("cannot build transaction: " + e.reason(), e);
    }
  }
}
