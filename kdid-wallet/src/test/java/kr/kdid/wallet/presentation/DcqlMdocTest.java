package kr.kdid.wallet.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import org.junit.jupiter.api.Test;

/** mso_mdoc credential queries: doctype_value, [namespace, element] paths in one namespace. */
class DcqlMdocTest {
  private static DcqlQuery parse(String json) throws WalletException {
    return DcqlQuery.fromJson(Json.parse(json));
  }

  private static String mdoc(String id, String claims) {
    return "{\"id\":\""
        + id
        + "\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"org.iso.18013.5.1.mDL\"}"
        + (claims == null ? "" : ",\"claims\":" + claims)
        + "}";
  }

  private static void refused(String json, String why) {
    assertThatThrownBy(() -> parse(json))
        .satisfies(
            e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.QUERY_UNSUPPORTED))
        .hasMessageContaining(why);
  }

  @Test
  void anMdocQueryIsRead() throws Exception {
    DcqlQuery q =
        parse(
            "{\"credentials\":["
                + mdoc(
                    "mdl_mdoc",
                    "[{\"path\":[\"org.iso.18013.5.1\",\"family_name\"],\"intent_to_retain\":false},"
                        + "{\"path\":[\"org.iso.18013.5.1\",\"age_over_19\"]}]")
                + "]}");
    DcqlQuery.CredentialQuery c = q.credentials().get(0);
    assertThat(c.isMdoc()).isTrue();
    assertThat(c.format()).isEqualTo("mso_mdoc");
    assertThat(c.doctype()).isEqualTo("org.iso.18013.5.1.mDL");
    assertThat(c.namespace()).isEqualTo("org.iso.18013.5.1");
    assertThat(c.claims()).containsExactly("family_name", "age_over_19");
    assertThat(c.vctValues()).isEmpty();
  }

  @Test
  void mdocAndSdJwtQueriesMixInCredentialSets() throws Exception {
    DcqlQuery q =
        parse(
            "{\"credentials\":["
                + mdoc("mdl_mdoc", "[{\"path\":[\"org.iso.18013.5.1\",\"given_name\"]}]")
                + ",{\"id\":\"mdl\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":"
                + "[\"urn:kdid:kr:mdl:1\"]},\"claims\":[{\"path\":[\"given_name\"]}]}],"
                + "\"credential_sets\":[{\"options\":[[\"mdl_mdoc\"],[\"mdl\"]]}]}");
    assertThat(q.credentials())
        .extracting(DcqlQuery.CredentialQuery::isMdoc)
        .containsExactly(true, false);
    assertThat(q.choose(Set.of("mdl_mdoc", "mdl"))).contains(List.of("mdl_mdoc"));
    assertThat(q.choose(Set.of("mdl"))).contains(List.of("mdl"));
  }

  @Test
  void whatTheWalletCannotAnswerFaithfullyIsRefused() {
    refused(
        "{\"credentials\":[{\"id\":\"m\",\"format\":\"mso_mdoc\",\"meta\":{}}]}", "doctype_value");
    refused(
        "{\"credentials\":[" + mdoc("m", "[{\"path\":[\"family_name\"]}]") + "]}",
        "[namespace, element]");
    refused(
        "{\"credentials\":["
            + mdoc(
                "m", "[{\"path\":[\"org.iso.18013.5.1\",\"a\"]},{\"path\":[\"other.ns\",\"b\"]}]")
            + "]}",
        "several namespaces");
    refused(
        "{\"credentials\":["
            + mdoc("m", "[{\"path\":[\"org.iso.18013.5.1\",\"a\"],\"values\":[\"x\"]}]")
            + "]}",
        "values");
    refused(
        "{\"credentials\":["
            + mdoc(
                "m",
                "[{\"path\":[\"org.iso.18013.5.1\",\"a\"]},{\"path\":[\"org.iso.18013.5.1\",\"a\"]}]")
            + "]}",
        "twice");
    refused(
        "{\"credentials\":[{\"id\":\"m\",\"format\":\"jwt_vc_json\",\"meta\":{}}]}",
        "format other than");
  }
}
