package kr.kdid.bench;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DocumentMetadata;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.Service;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer;
import kr.kdid.credentials.status.StatusList;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.state.TrustStatus;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.verifier.verification.LedgerIssuerTrust;
import kr.kdid.verifier.verification.LedgerStatusLists;
import kr.kdid.verifier.verification.PresentationVerifier;
import kr.kdid.verifier.verification.VerificationReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one SD-JWT VC presentation (a mobile driver's licence with two disclosed claims and a
 * KB-JWT), in one thread, measured in the same run as its baseline:
 *
 * <ul>
 *   <li>{@code bcEs256Verify}: one raw BouncyCastle ES256 verification with a reused key (the
 *       SignatureBench baseline), and {@code bcEs256VerifyFreshKey} with a key never seen before
 *       (as a holder's one-off key is);
 *   <li>{@code kdid}: K-DID's whole verification ({@link PresentationVerifier}): issuer key
 *       resolution from the ledger (DID URL, assertionMethod, issuer URL binding), accreditation,
 *       issuer signature, Disclosures, protected claims, vct/exp/nbf, the KB-JWT (signature by the
 *       {@code cnf} key, typ, iat, aud, nonce, sd_hash), the status list and the requested claims;
 *       ledger reads are served from the verifier's warm caches, no HTTP;
 *   <li>{@code authleteNimbus}: the same presentations with {@code com.authlete:sd-jwt} (parse,
 *       Disclosure decoding) and Nimbus JOSE on the JDK's default provider (issuer and KB-JWT
 *       signatures, KB-JWT claims and sd_hash), with the issuer key already resolved: less work
 *       than {@code kdid}, which also resolves trust and status.
 * </ul>
 *
 * <p>Each presentation has its own holder key, as in real use (keys are never reused across
 * credentials), so the KB-JWT is always verified with a key seen for the first time; 64
 * presentations rotate. That sets the ceiling of {@code kdid}: BouncyCastle verifies with a reused
 * key (the issuer's) about three times faster than with a fresh one (it switches a reused point to
 * fixed-point multiplication), so a presentation costs one {@code bcEs256Verify} plus one {@code
 * bcEs256VerifyFreshKey}, and {@code kdid / bcEs256Verify} cannot exceed about 0.25-0.3, not 0.5.
 * Compare {@code kdid} with {@code 1 / (1 / bcEs256Verify + 1 / bcEs256VerifyFreshKey)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchJvm.XMS, BenchJvm.XMX, BenchJvm.PRETOUCH, BenchJvm.NATIVE_ACCESS})
public class PresentationVerifyBench {
  private static final int N = 64;
  private static final String ISSUER_URL = "http://127.0.0.1:8080/issuers/police";
  private static final String AUDIENCE = "decentralized_identifier:did:kdid:verifier";
  private static final String NONCE = "bench-nonce-0123456789abcdef";
  private static final List<String> CLAIMS = List.of("given_name", "age_over_19");

  private final String[] presentations = new String[N];
  private final byte[][] messages = new byte[N][];
  private final byte[][] signatures = new byte[N][];
  private final byte[][] freshKeys = new byte[N][];
  private VerificationKey reusedKey;
  private PresentationVerifier kdid;
  private PresentationVerifier.Expectation expectation;
  private ECDSAVerifier nimbusIssuerVerifier;
  private int i;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    SoftwareKey issuerKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Did issuer = KdidMethod.didFor(issuerKey.publicKey());
    String kid = issuer.withFragment("key-1");
    DidDocument doc =
        DidDocument.builder(issuer)
            .method(
                VerificationMethod.jwk(kid, issuer, issuerKey.publicKey()),
                Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_INVOCATION)
            .service(
                new Service(
                    issuer.withFragment("oid4vci"),
                    TextNode.valueOf(LedgerIssuerTrust.ISSUER_SERVICE_TYPE),
                    TextNode.valueOf(ISSUER_URL)))
            .build();
    String listId = "police-1";
    String uri = "http://127.0.0.1:8080" + StatusLists.uriPath(issuer, listId);
    StatusList list = StatusList.create(StatusLists.MIN_SIZE, 2);
    String token =
        StatusListToken.sign(
                list, uri, Instant.now(), null, Duration.ofHours(1), ISSUER_URL, issuerKey, kid)
            .encoded();
    LedgerGateway ledger =
        new MemoryLedger(
            doc,
            new IssuerRecord(issuer, "Police", List.of("kr.mdl"), TrustStatus.ACTIVE, null, "", 1),
            new StatusListRecord(
                issuer, listId, 2, StatusLists.MIN_SIZE, list.encodedLst(), token, 1, "", 1));

    for (int j = 0; j < N; j++) {
      SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
      ObjectNode claims = Json.object();
      claims.put("family_name", "홍");
      claims.put("given_name", "길동");
      claims.put("birth_date", "1990-03-01");
      claims.put("document_number", "11-22-333333-44");
      claims.put("age_over_18", true);
      claims.put("age_over_19", true);
      SdJwt issued =
          new SdJwtVcIssuer()
              .issue(
                  new SdJwtVcIssuer.Request(
                      issuerKey,
                      kid,
                      ISSUER_URL,
                      "urn:kdid:kr:mdl:1",
                      claims,
                      null,
                      holder.publicKey().toJwk(),
                      new StatusReference(1000 + j, uri).toStatusClaim(),
                      Instant.now().minusSeconds(60),
                      null,
                      Instant.now().plus(Duration.ofDays(365)),
                      3));
      SdJwt selected = issued.select(d -> CLAIMS.contains(d.name()));
      presentations[j] =
          selected
              .withKeyBinding(KeyBinding.create(selected, holder, AUDIENCE, NONCE, Instant.now()))
              .serialize();
      messages[j] = ("message-" + j + "-" + "x".repeat(200)).getBytes(StandardCharsets.US_ASCII);
      signatures[j] = issuerKey.sign(messages[j]);
      freshKeys[j] = issuerKey.publicKey().encoded();
    }
    reusedKey = issuerKey.publicKey();

    Clock clock = Clock.systemUTC();
    LedgerIssuerTrust trust = new LedgerIssuerTrust(ledger, clock, Duration.ofHours(1));
    kdid =
        new PresentationVerifier(
            trust,
            new LedgerStatusLists(ledger, trust, clock, Duration.ofHours(1)),
            Catalog.builtIn(),
            clock,
            Duration.ofHours(1),
            Duration.ofMinutes(1));
    expectation =
        new PresentationVerifier.Expectation(
            Catalog.builtIn().byId("kr.mdl").orElseThrow(), CLAIMS, AUDIENCE, NONCE);
    nimbusIssuerVerifier =
        new ECDSAVerifier(ECKey.parse(issuerKey.publicKey().toJwk().toJson().toString()));

    for (String p : presentations) {
      if (!kdid(p) || !authleteNimbus(p)) {
        throw new IllegalStateException("a benchmark presentation does not verify");
      }
    }
  }

  @Benchmark
  public boolean bcEs256Verify() {
    int j = i++ & (N - 1);
    return ((kr.kdid.core.crypto.P256Key) reusedKey)
        .verifyWithBouncyCastle(messages[j], signatures[j]);
  }

  @Benchmark
  public boolean bcEs256VerifyFreshKey() {
    int j = i++ & (N - 1);
    return kr.kdid.core.crypto.P256Key.fromEncoded(freshKeys[j])
        .verifyWithBouncyCastle(messages[j], signatures[j]);
  }

  @Benchmark
  public boolean kdid() {
    return kdid(presentations[i++ & (N - 1)]);
  }

  @Benchmark
  public boolean authleteNimbus() throws Exception {
    return authleteNimbus(presentations[i++ & (N - 1)]);
  }

  private boolean kdid(String presentation) {
    VerificationReport r = kdid.verify(presentation, expectation);
    return r.verified();
  }

  /** The same checks as far as these libraries do them, with the issuer key already resolved. */
  private boolean authleteNimbus(String presentation) throws Exception {
    SDJWT sd = SDJWT.parse(presentation);
    SignedJWT credential = SignedJWT.parse(sd.getCredentialJwt());
    if (!new JOSEObjectType("dc+sd-jwt").equals(credential.getHeader().getType())
        || !credential.verify(nimbusIssuerVerifier)) {
      return false;
    }
    JWTClaimsSet issued = credential.getJWTClaimsSet();
    if (issued.getExpirationTime() != null
        && issued.getExpirationTime().toInstant().isBefore(Instant.now())) {
      return false;
    }
    Map<String, Object> decoded =
        new SDObjectDecoder().decode(issued.toJSONObject(), sd.getDisclosures());
    for (String c : CLAIMS) {
      if (!decoded.containsKey(c)) {
        return false;
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> cnf = (Map<String, Object>) decoded.get("cnf");
    @SuppressWarnings("unchecked")
    Map<String, Object> jwk = (Map<String, Object>) cnf.get("jwk");
    SignedJWT kb = SignedJWT.parse(sd.getBindingJwt());
    if (!new JOSEObjectType("kb+jwt").equals(kb.getHeader().getType())
        || !kb.verify(new ECDSAVerifier(ECKey.parse(jwk)))) {
      return false;
    }
    JWTClaimsSet kbClaims = kb.getJWTClaimsSet();
    Instant iat = kbClaims.getIssueTime().toInstant();
    return kbClaims.getAudience().equals(List.of(AUDIENCE))
        && NONCE.equals(kbClaims.getStringClaim("nonce"))
        && iat.isAfter(Instant.now().minus(Duration.ofHours(1)))
        && sd.getSDHash().equals(kbClaims.getStringClaim("sd_hash"));
  }

  /** The ledger as the verifier's caches see it once warm: one issuer, one status list. */
  private static final class MemoryLedger implements LedgerGateway {
    private final DidDocument issuerDoc;
    private final IssuerRecord issuer;
    private final StatusListRecord list;

    MemoryLedger(DidDocument issuerDoc, IssuerRecord issuer, StatusListRecord list) {
      this.issuerDoc = issuerDoc;
      this.issuer = issuer;
      this.list = list;
    }

    @Override
    public String chainId() {
      return "bench";
    }

    @Override
    public LedgerClient.Submission submit(Transaction tx, boolean wait) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public DidResolutionResult resolve(String did) {
      return did.equals(issuerDoc.id().toString())
          ? DidResolutionResult.found(issuerDoc, DocumentMetadata.EMPTY)
          : DidResolutionResult.error(kr.kdid.core.did.ResolutionError.NOT_FOUND, "unknown");
    }

    @Override
    public Optional<IssuerRecord> issuer(Did did) {
      return did.equals(issuer.did()) ? Optional.of(issuer) : Optional.empty();
    }

    @Override
    public Optional<RelyingPartyRecord> relyingParty(Did did) {
      return Optional.empty();
    }

    @Override
    public Optional<StatusListRecord> statusList(Did issuerDid, String listId) {
      return issuerDid.equals(list.issuer()) && listId.equals(list.listId())
          ? Optional.of(list)
          : Optional.empty();
    }

    @Override
    public Optional<AnchoredCommitment> commitment(String commitmentHex) {
      return Optional.empty();
    }
  }
}
