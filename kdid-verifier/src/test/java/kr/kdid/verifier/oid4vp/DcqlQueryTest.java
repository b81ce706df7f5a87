package kr.kdid.verifier.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

  @Test
  void refusesBadQueries() {
    assertThatThrownBy(() -> new DcqlQuery("mdl", "urn:x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DcqlQuery("mdl", "urn:x", List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DcqlQuery("bad id", "urn:x", List.of("a")))
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
