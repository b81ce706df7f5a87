package kr.kdid.wallet.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import org.junit.jupiter.api.Test;

class DcqlCredentialSetsTest {
  private static final String CREDS =
      "\"credentials\":["
          + q("veteran", "urn:kdid:kr:veteran:1")
          + ","
          + q("rrc", "urn:kdid:kr:rrc:1")
          + ","
          + q("mdl", "urn:kdid:kr:mdl:1")
          + "]";

  private static String q(String id, String vct) {
    return "{\"id\":\""
        + id
        + "\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\""
        + vct
        + "\"]},\"claims\":[{\"path\":[\"family_name\"]}]}";
  }

  private static DcqlQuery parse(String sets) throws WalletException {
    return DcqlQuery.fromJson(Json.parse("{" + CREDS + sets + "}"));
  }

  @Test
  void theFirstAnswerableOptionOfEachSetIsChosen() throws Exception {
    DcqlQuery query =
        parse(
            ",\"credential_sets\":[{\"options\":[[\"veteran\"]]},"
                + "{\"options\":[[\"rrc\"],[\"mdl\"]]}]");
    assertThat(query.credentialSets()).hasSize(2);
    assertThat(query.choose(Set.of("veteran", "rrc", "mdl"))).contains(List.of("veteran", "rrc"));
    assertThat(query.choose(Set.of("veteran", "mdl"))).contains(List.of("veteran", "mdl"));
    assertThat(query.choose(Set.of("rrc", "mdl"))).isEqualTo(Optional.empty());
    assertThat(query.choose(Set.of("veteran"))).isEqualTo(Optional.empty());
  }

  @Test
  void anOptionalSetIsLeftOutWhenItCannotBeAnswered() throws Exception {
    DcqlQuery query =
        parse(
            ",\"credential_sets\":[{\"options\":[[\"veteran\"]]},"
                + "{\"options\":[[\"rrc\",\"mdl\"]],\"required\":false}]");
    assertThat(query.choose(Set.of("veteran", "rrc"))).contains(List.of("veteran"));
    assertThat(query.choose(Set.of("veteran", "rrc", "mdl")))
        .contains(List.of("veteran", "rrc", "mdl"));
  }

  @Test
  void withoutSetsEveryQueryIsRequired() throws Exception {
    DcqlQuery query = parse("");
    assertThat(query.choose(Set.of("veteran", "rrc"))).isEqualTo(Optional.empty());
    assertThat(query.choose(Set.of("veteran", "rrc", "mdl")))
        .contains(List.of("veteran", "rrc", "mdl"));
  }

  @Test
  void malformedSetsAreRefused() {
    for (String bad :
        List.of(
            ",\"credential_sets\":[]",
            ",\"credential_sets\":{}",
            ",\"credential_sets\":[{\"options\":[]}]",
            ",\"credential_sets\":[{\"options\":[[]]}]",
            ",\"credential_sets\":[{\"options\":[[\"pid\"]]}]",
            ",\"credential_sets\":[{\"options\":[[1]]}]",
            ",\"credential_sets\":[{\"options\":[[\"rrc\"]],\"required\":\"yes\"}]")) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> assertThat(e.code()).isEqualTo(WalletError.QUERY_UNSUPPORTED));
    }
  }
}
