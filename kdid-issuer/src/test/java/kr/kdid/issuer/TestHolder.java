package kr.kdid.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;

/** The holder's side of OpenID4VCI, written out step by step so tests can bend each step. */
final class TestHolder {
  private final IssuerFixture f;
  private final IssuerService issuer;

  TestHolder(IssuerFixture f) {
    this(f, f.issuer);
  }

  /** A holder talking to one of the fixture's issuers. */
  TestHolder(IssuerFixture f, IssuerService issuer) {
    this.f = f;
    this.issuer = issuer;
  }

  static String code(JsonNode offer) {
    return offer
        .path("credentialOffer")
        .path("grants")
        .path("urn:ietf:params:oauth:grant-type:pre-authorized_code")
        .path("pre-authorized_code")
        .asText();
  }

  HttpResponse<String> token(String code, String txCode) throws Exception {
    return f.postForm(
        issuer.config().path() + "/token",
        txCode == null
            ? Map.of(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                "pre-authorized_code",
                code)
            : Map.of(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                "pre-authorized_code",
                code,
                "tx_code",
                txCode));
  }

  /** A fresh access token for an offer (the happy token step). */
  String accessToken(JsonNode offer) throws Exception {
    HttpResponse<String> r = token(code(offer), offer.path("txCode").asText());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.body());
    }
    return Json.parse(r.body()).path("access_token").asText();
  }

  String nonce() throws Exception {
    HttpResponse<String> r = f.send("POST", issuer.config().path() + "/nonce", null, null, null);
    return Json.parse(r.body()).path("c_nonce").asText();
  }

  static SoftwareKey newKey() {
    return SoftwareKey.generate(SignatureAlgorithm.ES256);
  }

  /** A key proof; every part can be bent by the caller. */
  static String proof(SoftwareKey key, String typ, String aud, String nonce, Instant iat) {
    ObjectNode h = Json.object();
    h.put("alg", "ES256");
    h.put("typ", typ);
    h.set("jwk", key.publicKey().toJwk().toJson());
    ObjectNode p = Json.object();
    if (aud != null) {
      p.put("aud", aud);
    }
    p.put("iat", iat.getEpochSecond());
    if (nonce != null) {
      p.put("nonce", nonce);
    }
    return Jws.sign(h, p, key).encoded();
  }

  String goodProof(SoftwareKey key, String nonce) {
    return proof(
        key, "openid4vci-proof+jwt", issuer.config().credentialIssuer(), nonce, f.clock.instant());
  }

  static ObjectNode request(List<String> proofs) {
    ObjectNode body = Json.object();
    body.put("credential_configuration_id", "kr.mdl");
    ArrayNode jwts = body.putObject("proofs").putArray("jwt");
    proofs.forEach(jwts::add);
    return body;
  }

  HttpResponse<String> credential(String accessToken, JsonNode body) throws Exception {
    return f.send(
        "POST",
        issuer.config().path() + "/credential",
        "application/json",
        Json.bytes(body),
        accessToken == null ? null : "Bearer " + accessToken);
  }
}
