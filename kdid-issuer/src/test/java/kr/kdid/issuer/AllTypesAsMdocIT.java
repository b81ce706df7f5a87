package kr.kdid.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.mdoc.IacaPublication;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerSignedItem;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocHolder;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.VerifiedDocument;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.ledger.state.StatusListRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the six mobile IDs issued as an ISO 18013-5 mdoc through the issuer's HTTP API
 * (OpenID4VCI, configuration id = the type's doctype), presented over an OpenID4VP session
 * transcript and verified against the IACA its issuer publishes on the ledger, and only that one.
 */
class AllTypesAsMdocIT {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

  private IssuerFixture f;
  private List<IssuerService> issuers;

  @BeforeEach
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir);
    issuers =
        List.of(
            f.issuer,
            f.startIssuer(IssuerConfig.interior(f.base)),
            f.startIssuer(IssuerConfig.veterans(f.base)),
            f.startIssuer(IssuerConfig.justice(f.base)),
            f.startIssuer(IssuerConfig.welfare(f.base)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** An mdoc in the wallet: its issuer, type, the device key and what was enrolled. */
  private record Issued(
      IssuerService issuer,
      CredentialType type,
      IssuerSigned mdoc,
      SoftwareKey device,
      LocalDate birthDate) {}

  private Issued issueMdoc(IssuerService s, String typeId) throws Exception {
    CredentialType type = Catalog.builtIn().byId(typeId).orElseThrow();
    LocalDate born = f.today().minusYears(40).minusDays(10);
    String applicant = f.enrol(s, typeId, born);
    HttpResponse<String> o = f.offer(s, applicant, typeId);
    assertThat(o.statusCode()).as(o.body()).isEqualTo(201);
    JsonNode offer = Json.parse(o.body());
    assertThat(offer.path("credentialOffer").path("credential_configuration_ids").toString())
        .isEqualTo("[\"" + typeId + "\",\"" + type.doctype() + "\"]");
    TestHolder holder = new TestHolder(f, s);
    String token = holder.accessToken(offer);
    SoftwareKey device = TestHolder.newKey();
    var req = TestHolder.request(List.of(holder.goodProof(device, holder.nonce())));
    req.put("credential_configuration_id", type.doctype());
    HttpResponse<String> r = holder.credential(token, req);
    assertThat(r.statusCode()).as(typeId + ": " + r.body()).isEqualTo(200);
    JsonNode creds = Json.parse(r.body()).path("credentials");
    assertThat(creds).hasSize(1);
    IssuerSigned mdoc =
        IssuerSigned.decode(Base64Url.decode(creds.get(0).path("credential").asText()));
    return new Issued(s, type, mdoc, device, born);
  }

  /** The trust a verifier builds from an issuer's DID document on the ledger. */
  private IssuerTrust trustOf(IssuerService s) {
    var doc = f.ledger.resolve(s.identity().did().toString()).document();
    var certs = IacaPublication.certificates(doc);
    assertThat(certs)
        .as(s.config().name() + " publishes its IACA")
        .containsExactly(s.mdoc().iaca());
    return IssuerTrust.iacaRoots(certs);
  }

  private static SessionTranscript transcript(String nonce) {
    return SessionTranscript.openId4VpRedirect(
        "decentralized_identifier:did:kdid:verifier",
        nonce,
        Optional.empty(),
        "https://verifier.kdid.kr/response");
  }

  /** The holder's DeviceResponse disclosing these elements of the type's namespace. */
  private static byte[] present(Issued c, Set<String> elements, SessionTranscript t)
      throws MdocException {
    return MdocHolder.respond(
            MdocHolder.present(c.mdoc(), Map.of(c.type().namespace(), elements), t, c.device()))
        .encode();
  }

  private StatusValue onLedger(IssuerService s, StatusReference ref) throws Exception {
    String listId = ref.uri().substring(ref.uri().lastIndexOf('/') + 1);
    StatusListRecord rec = f.ledger.statusList(s.identity().did(), listId).orElseThrow();
    var verified =
        StatusListToken.verify(
            rec.token(),
            s.identity().key().publicKey(),
            ref.uri(),
            f.clock.instant(),
            Duration.ofMinutes(1),
            StatusListToken.DEFAULT_MAX_BYTES);
    return StatusListToken.statusOf(verified, ref);
  }

  @Test
  void eachOfTheSixTypesIsIssuedAsAnMdocAndVerifiesAgainstItsIssuersIaca() throws Exception {
    Map<String, Issued> all = new LinkedHashMap<>();
    for (IssuerService s : issuers) {
      for (String typeId : s.config().credentialTypes()) {
        all.put(typeId, issueMdoc(s, typeId));
      }
    }
    assertThat(all.keySet())
        .containsExactlyInAnyOrder(
            "kr.mdl", "kr.rrc", "kr.civil-servant", "kr.veteran", "kr.frc", "kr.disability");

    int n = 0;
    for (Issued c : all.values()) {
      String ns = c.type().namespace();
      String what = c.type().id();
      Set<String> shown = new LinkedHashSet<>(List.of("family_name", "birth_date", "portrait"));
      if (what.equals("kr.veteran")) {
        shown.addAll(List.of("status_war_participant", "status_combat_decorated"));
      }
      SessionTranscript t = transcript("n-" + n++);
      VerifiedDocument doc =
          new MdocVerifier(trustOf(c.issuer()), f.clock).verify(present(c, shown, t), t).get(0);

      assertThat(doc.docType()).as(what).isEqualTo(c.type().doctype());
      assertThat(doc.mso().docType()).as(what).isEqualTo(c.type().doctype());
      assertThat(doc.elements()).as(what).containsOnlyKeys(ns);
      assertThat(doc.elements().get(ns)).as(what).containsOnlyKeys(shown.toArray(String[]::new));
      // A date is a full-date: #6.1004("YYYY-MM-DD"), the enrolled birth date.
      CBORObject birth = doc.element(ns, "birth_date").orElseThrow();
      assertThat(birth.HasMostOuterTag(1004)).as(what + " birth_date tag").isTrue();
      assertThat(birth.UntagOne().AsString()).as(what).isEqualTo(c.birthDate().toString());
      // The portrait is the image's bytes (a PNG), not its data URI.
      CBORObject portrait = doc.element(ns, "portrait").orElseThrow();
      assertThat(portrait.isTagged()).isFalse();
      assertThat(portrait.getType()).as(what + " portrait").isEqualTo(CBORType.ByteString);
      assertThat(portrait.GetByteString()).as(what).startsWith(PNG).hasSizeGreaterThan(100);
      assertThat(doc.element(ns, "family_name").orElseThrow().getType())
          .isEqualTo(CBORType.TextString);
      if (what.equals("kr.veteran")) {
        CBORObject war = doc.element(ns, "status_war_participant").orElseThrow();
        assertThat(war.getType()).isEqualTo(CBORType.Boolean);
        assertThat(war.AsBoolean()).isTrue();
        assertThat(doc.element(ns, "status_combat_decorated").orElseThrow().getType())
            .isEqualTo(CBORType.Boolean);
      }
      // Every status of the catalog's veterans card is its own boolean element of the mdoc.
      if (what.equals("kr.veteran")) {
        List<String> statuses = new ArrayList<>();
        for (IssuerSignedItem i : c.mdoc().nameSpaces().get(ns)) {
          if (i.elementIdentifier().startsWith("status_")) {
            statuses.add(i.elementIdentifier());
            assertThat(i.elementValue().getType())
                .as(i.elementIdentifier())
                .isEqualTo(CBORType.Boolean);
          }
        }
        assertThat(statuses).contains("status_war_participant", "status_combat_decorated");
      }
      // The MSO's status entry is on the issuer's list on the ledger, and valid.
      StatusReference ref = doc.status().orElseThrow();
      assertThat(ref.uri()).contains(c.issuer().identity().did().toString());
      assertThat(onLedger(c.issuer(), ref)).as(what).isEqualTo(StatusValue.VALID);
      assertThat(doc.issuer().iaca()).contains(c.issuer().mdoc().iaca());
    }
  }

  @Test
  void anIssuersIacaDoesNotVerifyAnotherIssuersMdoc() throws Exception {
    List<Issued> one = new ArrayList<>();
    for (IssuerService s : issuers) {
      one.add(issueMdoc(s, s.config().credentialTypes().get(0)));
    }
    for (int i = 0; i < one.size(); i++) {
      Issued c = one.get(i);
      IssuerService other = issuers.get((i + 1) % issuers.size());
      assertThat(other).isNotSameAs(c.issuer());
      SessionTranscript t = transcript("n-x" + i);
      byte[] response = present(c, Set.of("family_name"), t);
      // Its own issuer's IACA accepts it ...
      assertThat(new MdocVerifier(trustOf(c.issuer()), f.clock).verify(response, t)).hasSize(1);
      // ... another issuer's does not.
      MdocVerifier wrong = new MdocVerifier(trustOf(other), f.clock);
      assertThatThrownBy(() -> wrong.verify(response, t))
          .as(c.type().id() + " under " + other.config().name())
          .isInstanceOfSatisfying(
              MdocException.class,
              e -> assertThat(e.reason()).isEqualTo(MdocException.Reason.UNTRUSTED_ISSUER));
    }
  }
}
