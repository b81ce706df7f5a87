package kr.kdid.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer;
import kr.kdid.credentials.status.StatusList;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.ledger.client.LedgerIdentity;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.TxBody;

/**
 * A credential issuer on the test ledger, issuing SD-JWT VCs as kdid-issuer does: header kid = the
 * issuer's DID URL, iss = its Credential Issuer URL (its DID document's OpenID4VCICredentialIssuer
 * endpoint), every claim selectively disclosable with decoys, a status reference into a 2-bit list
 * of 131,072 entries on the ledger.
 */
final class TestIssuer {
  static final String LEDGER_BASE = "http://127.0.0.1:8080";
  static final String MDL_VCT = "urn:kdid:kr:mdl:1";

  final String url;
  final LedgerIdentity identity;
  private final TestLedger ledger;
  private final String name;

  TestIssuer(TestLedger ledger, String name) {
    this.ledger = ledger;
    this.name = name;
    this.url = "http://127.0.0.1:8080/issuers/" + name;
    this.identity =
        LedgerIdentity.of(
            ledger.vault,
            "issuer-" + name,
            List.of(new LedgerIdentity.Endpoint("oid4vci", "OpenID4VCICredentialIssuer", url)));
    identity.ensureOnLedger(ledger.gateway, Clock.systemUTC());
  }

  /** The issuer's ISO 18013-5 signing setup, once {@link #publishIaca} ran. */
  SoftwareKey iacaKey;

  java.security.cert.X509Certificate iaca;
  SoftwareKey dsKey;
  java.security.cert.X509Certificate ds;

  /**
   * Creates an IACA and a document signer (both naming this issuer's DID) and publishes the IACA in
   * the issuer's DID document on the ledger, as the K-DID issuer service does.
   */
  TestIssuer publishIaca() {
    Instant now = Instant.now();
    iacaKey = SoftwareKey.generate(kr.kdid.core.crypto.SignatureAlgorithm.ES256);
    dsKey = SoftwareKey.generate(kr.kdid.core.crypto.SignatureAlgorithm.ES256);
    String did = identity.did().toString();
    iaca =
        kr.kdid.credentials.mdoc.MdocCertificates.createIaca(
            iacaKey,
            "Test IACA",
            "KR",
            did,
            now.minusSeconds(3600),
            now.plus(Duration.ofDays(3650)),
            new java.security.SecureRandom());
    ds = documentSigner(iacaKey, iaca, dsKey, did);
    LedgerIdentity.of(
            ledger.vault,
            "issuer-" + name,
            List.of(new LedgerIdentity.Endpoint("oid4vci", "OpenID4VCICredentialIssuer", url)),
            d -> List.of(kr.kdid.credentials.mdoc.IacaPublication.service(d, List.of(iaca))))
        .ensureOnLedger(ledger.gateway, Clock.systemUTC());
    return this;
  }

  static java.security.cert.X509Certificate documentSigner(
      SoftwareKey iacaKey, java.security.cert.X509Certificate iaca, SoftwareKey dsKey, String did) {
    Instant now = Instant.now();
    return kr.kdid.credentials.mdoc.MdocCertificates.createDocumentSigner(
        iacaKey,
        iaca,
        (kr.kdid.core.crypto.P256Key) dsKey.publicKey(),
        "Test DS",
        did,
        now.minusSeconds(3600),
        now.plus(Duration.ofDays(365)),
        new java.security.SecureRandom());
  }

  /** An mdoc of the driver's licence for a device key, with status entry {@code idx}. */
  kr.kdid.credentials.mdoc.IssuerSigned issueMdoc(
      SoftwareKey device,
      String listId,
      int idx,
      SoftwareKey signer,
      java.security.cert.X509Certificate signerCert) {
    return issueMdoc(device, listId, idx, signer, signerCert, validNow());
  }

  /**
   * As {@link #issueMdoc(SoftwareKey, String, int, SoftwareKey,
   * java.security.cert.X509Certificate)}, with this MSO validity.
   */
  kr.kdid.credentials.mdoc.IssuerSigned issueMdoc(
      SoftwareKey device,
      String listId,
      int idx,
      SoftwareKey signer,
      java.security.cert.X509Certificate signerCert,
      kr.kdid.credentials.mdoc.ValidityInfo validity) {
    return issueMdoc("kr.mdl", device, listId, idx, signer, signerCert, validity);
  }

  /**
   * An mdoc of a catalog type (its doctype and namespace; the {@link #defaultClaims} that the type
   * has), with status entry {@code idx} of this issuer's list and this MSO validity.
   */
  kr.kdid.credentials.mdoc.IssuerSigned issueMdoc(
      String typeId,
      SoftwareKey device,
      String listId,
      int idx,
      SoftwareKey signer,
      java.security.cert.X509Certificate signerCert,
      kr.kdid.credentials.mdoc.ValidityInfo validity) {
    var type = kr.kdid.credentials.catalog.Catalog.builtIn().byId(typeId).orElseThrow();
    return new kr.kdid.credentials.mdoc.MdocIssuer(signer, signerCert)
        .issue(
            new kr.kdid.credentials.mdoc.MdocIssuer.Request(
                type.doctype(),
                Map.of(
                    type.namespace(),
                    kr.kdid.credentials.mdoc.MdocValues.fromClaims(type, defaultClaims())),
                (kr.kdid.core.crypto.P256Key) device.publicKey(),
                validity,
                java.util.Optional.of(new StatusReference(idx, listUri(listId)))));
  }

  /** MSO validity from a minute ago for a year. */
  static kr.kdid.credentials.mdoc.ValidityInfo validNow() {
    Instant now = Instant.now();
    return new kr.kdid.credentials.mdoc.ValidityInfo(
        now.minusSeconds(60), now.minusSeconds(60), now.plus(Duration.ofDays(365)));
  }

  /** Has the governance authority accredit this issuer. */
  TestIssuer accredit(String... types) {
    ledger.governance(new TxBody.IssuerAccredit(identity.did(), "Test issuer", List.of(types)));
    return this;
  }

  /** The URI of one of this issuer's lists on the ledger. */
  String listUri(String listId) {
    return LEDGER_BASE + StatusLists.uriPath(identity.did(), listId);
  }

  /**
   * Creates a status list on the ledger with some entries set.
   *
   * @param expires the token's exp, or null
   */
  void createList(String listId, Map<Integer, Integer> statuses, Instant expires) {
    StatusList list = StatusList.create(StatusLists.MIN_SIZE, 2);
    statuses.forEach(list::set);
    Instant now = Instant.now();
    String token =
        StatusListToken.sign(
                list,
                listUri(listId),
                now,
                expires,
                Duration.ofMinutes(5),
                url,
                identity.key(),
                identity.keyId())
            .encoded();
    ledger.submit(
        identity.key(),
        identity.keyId(),
        new TxBody.StatusListCreate(listId, 2, StatusLists.MIN_SIZE, token));
  }

  /** What to issue; tests change fields to make bad credentials. */
  static final class Spec {
    Signer key;
    String kid;
    String iss;
    String vct = MDL_VCT;
    ObjectNode claims = defaultClaims();
    SoftwareKey holder;
    String statusUri;
    int statusIdx;
    Instant iat = Instant.now().minusSeconds(60);
    Instant nbf = null;
    Instant exp = Instant.now().plus(Duration.ofDays(365));
  }

  static ObjectNode defaultClaims() {
    ObjectNode c = Json.object();
    c.put("family_name", "홍");
    c.put("given_name", "길동");
    c.put("birth_date", "1990-03-01");
    c.put("document_number", "11-22-333333-44");
    c.put("age_over_18", true);
    c.put("age_over_19", true);
    return c;
  }

  /** A spec for a good credential for the holder, with status entry {@code idx} of the list. */
  Spec spec(SoftwareKey holder, String listId, int idx) {
    Spec s = new Spec();
    s.key = identity.key();
    s.kid = identity.keyId();
    s.iss = url;
    s.holder = holder;
    s.statusUri = listUri(listId);
    s.statusIdx = idx;
    return s;
  }

  static SdJwt issue(Spec s) {
    return new SdJwtVcIssuer()
        .issue(
            new SdJwtVcIssuer.Request(
                s.key,
                s.kid,
                s.iss,
                s.vct,
                s.claims,
                null,
                s.holder.publicKey().toJwk(),
                s.statusUri == null
                    ? null
                    : new StatusReference(s.statusIdx, s.statusUri).toStatusClaim(),
                s.iat,
                s.nbf,
                s.exp,
                3));
  }
}
