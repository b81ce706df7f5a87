package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import java.time.LocalDate;
import java.util.Map;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import org.junit.jupiter.api.Test;

class MdocTypesTest {

  @Test
  void derivedFromTheTypeId() {
    assertThat(MdocTypes.forTypeId("kr.mdl"))
        .isEqualTo(new MdocTypes("org.iso.18013.5.1.mDL", "org.iso.18013.5.1"));
    assertThat(MdocTypes.forTypeId("kr.rrc"))
        .isEqualTo(new MdocTypes("kr.kdid.rrc.1", "kr.kdid.rrc.1"));
    assertThat(MdocTypes.forTypeId("kr.civil-servant").docType())
        .isEqualTo("kr.kdid.civil-servant.1");
    assertThatThrownBy(() -> MdocTypes.forTypeId("us.mdl"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void catalogFilesAgreeWithTheDerivation() {
    for (CredentialType t : Catalog.builtIn().all()) {
      MdocTypes m = MdocTypes.forTypeId(t.id());
      assertThat(t.doctype()).as(t.id()).isEqualTo(m.docType());
      assertThat(t.namespace()).as(t.id()).isEqualTo(m.namespace());
    }
  }

  @Test
  void catalogClaimsBecomeIsoValues() {
    CredentialType mdl = Catalog.builtIn().byId("kr.mdl").orElseThrow();
    ObjectNode c = Json.object();
    c.put("family_name", "홍");
    c.put("birth_date", "1990-03-01");
    c.put("portrait", "data:image/jpeg;base64,/9j/AQID");
    c.putArray("driving_privileges")
        .addObject()
        .put("vehicle_category_code", "B")
        .put("issue_date", "2010-01-02");
    c.put("age_over_19", true);
    Map<String, CBORObject> v = MdocValues.fromClaims(mdl, c);
    assertThat(v.get("birth_date")).isEqualTo(MdocValues.fullDate(LocalDate.of(1990, 3, 1)));
    assertThat(v.get("birth_date").HasOneTag(1004)).isTrue();
    assertThat(v.get("portrait").GetByteString())
        .containsExactly((byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3);
    assertThat(v.get("driving_privileges").get(0).get("issue_date").HasOneTag(1004)).isTrue();
    assertThat(v.get("age_over_19").isTrue()).isTrue();
    assertThat(MdocValues.toJson(v.get("driving_privileges")).toString())
        .isEqualTo("[{\"vehicle_category_code\":\"B\",\"issue_date\":\"2010-01-02\"}]");
  }
}
