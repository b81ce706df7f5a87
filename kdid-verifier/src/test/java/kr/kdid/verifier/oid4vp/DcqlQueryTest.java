package kr.kdid.verifier.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import org.junit.jupiter.api.Test;

class DcqlQueryTest {
  @Test
  void buildsTheAgreedShapeAndReadsItBack() {
    DcqlQuery q =
        DcqlQuery.forType(
            Catalog.builtIn().byId("kr.mdl").orElseThrow(), List.of("given_name", "age_over_19"));
    assertThat(Json.string(q.toJson()))
        .isEqualTo(
            "{\"credentials\":[{\"id\":\"mdl\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":"
                + "[\"urn:kdid:kr:mdl:1\"]},\"claims\":[{\"path\":[\"given_name\"]},"
                + "{\"path\":[\"age_over_19\"]}]}]}");
    assertThat(DcqlQuery.fromJson(q.toJson())).isEqualTo(q);
  }

  private static DcqlQuery.CredentialQuery sd(String id, List<String> claims) {
    return new DcqlQuery.CredentialQuery(id, "dc+sd-jwt", "urn:x", null, claims);
  }

  @Test
  void refusesBadQueries() {
    assertThatThrownBy(() -> sd("mdl", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sd("mdl", List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sd("bad id", List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new DcqlQuery.CredentialQuery("m", "jwt_vc_json", "urn:x", null, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new DcqlQuery.CredentialQuery("m", "mso_mdoc", "doc", null, List.of("a")))
        .as("an mdoc query needs its namespace")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new DcqlQuery(List.of(sd("a", List.of("x")), sd("a", List.of("y"))), List.of()))
        .as("repeated id")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DcqlQuery(
                    List.of(sd("a", List.of("x"))),
                    List.of(new DcqlQuery.CredentialSet(List.of(List.of("b")), true))))
        .as("a set naming an unknown query")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DcqlQuery(
                    List.of(sd("a", List.of("x")), sd("b", List.of("x"))),
                    List.of(new DcqlQuery.CredentialSet(List.of(List.of("a")), true))))
        .as("a query in no set")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DcqlQuery.fromJson(Json.parse("{\"credentials\":[]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                DcqlQuery.fromJson(
                    Json.parse(
                        "{\"credentials\":[{\"id\":\"m\",\"format\":\"dc+sd-jwt\",\"meta\":"
                            + "{\"vct_values\":[\"v\"]},\"claims\":[{\"path\":[\"a\",\"b\"]}]}]}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialSetsRoundTripAndDecideWhatSatisfiesTheVerifier() {
    Catalog catalog = Catalog.builtIn();
    DcqlQuery q =
        new DcqlQuery(
            List.of(
                DcqlQuery.query(
                    catalog.byId("kr.veteran").orElseThrow(),
                    "dc+sd-jwt",
                    List.of("status_war_participant")),
                DcqlQuery.query(
                    catalog.byId("kr.rrc").orElseThrow(), "dc+sd-jwt", List.of("family_name")),
                DcqlQuery.query(
                    catalog.byId("kr.mdl").orElseThrow(), "mso_mdoc", List.of("family_name"))),
            List.of(
                new DcqlQuery.CredentialSet(List.of(List.of("veteran")), true),
                new DcqlQuery.CredentialSet(List.of(List.of("rrc"), List.of("mdl")), true)));
    JsonNode json = q.toJson();
    assertThat(json.path("credentials").get(2).path("claims").get(0).path("path").toString())
        .isEqualTo("[\"org.iso.18013.5.1\",\"family_name\"]");
    assertThat(json.path("credentials").get(2).path("meta").path("doctype_value").asText())
        .isEqualTo("org.iso.18013.5.1.mDL");
    assertThat(json.path("credential_sets").get(1).path("options").toString())
        .isEqualTo("[[\"rrc\"],[\"mdl\"]]");
    assertThat(DcqlQuery.fromJson(json)).isEqualTo(q);

    assertThat(q.unsatisfiedBy(Set.of("veteran", "rrc"))).isNull();
    assertThat(q.unsatisfiedBy(Set.of("veteran", "mdl"))).isNull();
    assertThat(q.unsatisfiedBy(Set.of("veteran"))).contains("required credential set");
    assertThat(q.unsatisfiedBy(Set.of("rrc", "mdl"))).contains("veteran");
    DcqlQuery optional =
        new DcqlQuery(
            q.credentials(),
            List.of(
                new DcqlQuery.CredentialSet(List.of(List.of("veteran")), true),
                new DcqlQuery.CredentialSet(List.of(List.of("rrc"), List.of("mdl")), false)));
    assertThat(optional.unsatisfiedBy(Set.of("veteran"))).isNull();
    assertThat(DcqlQuery.fromJson(optional.toJson())).isEqualTo(optional);
  }

  @Test
  void authorizationRequestUriEncodesBothParameters() {
    assertThat(
            OpenId4Vp.authorizationRequestUri(
                "decentralized_identifier:did:kdid:abc",
                "http://h/verifiers/bank/requests/x/object"))
        .isEqualTo(
            "openid4vp://?client_id=decentralized_identifier%3Adid%3Akdid%3Aabc&request_uri="
                + "http%3A%2F%2Fh%2Fverifiers%2Fbank%2Frequests%2Fx%2Fobject");
  }
}
