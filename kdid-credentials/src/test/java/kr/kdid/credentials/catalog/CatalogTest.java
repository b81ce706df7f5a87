package kr.kdid.credentials.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import kr.kdid.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  static ObjectNode licence(String birth) {
    ObjectNode o = Json.object();
    o.put("family_name", "김");
    o.put("given_name", "민준");
    o.put("birth_date", birth);
    o.put("issue_date", "2024-03-01");
    o.put("expiry_date", "2034-02-28");
    o.put("issuing_country", "KR");
    o.put("issuing_authority", "경찰청");
    o.put("document_number", "11-24-123456-70");
    o.put("portrait", "data:image/jpeg;base64,/9j/4AAQ");
    o.putArray("driving_privileges").addObject().put("vehicle_category_code", "B");
    o.put("un_distinguishing_sign", "ROK");
    return o;
  }

  @Test
  void theBuiltInCatalogHasTheSixMobileIdsWithTheirRules() {
    Catalog cat = Catalog.builtIn();
    assertThat(cat.all().stream().map(CredentialType::id))
        .containsExactly(
            "kr.mdl", "kr.rrc", "kr.civil-servant", "kr.veteran", "kr.frc", "kr.disability");
    for (CredentialType t : cat.all()) {
      assertThat(t.display("ko").name()).as(t.id()).startsWith("모바일");
      assertThat(t.display("en").name()).as(t.id()).startsWith("Mobile");
      assertThat(t.vct()).startsWith("urn:kdid:kr:");
      assertThat(t.doctype()).isNotBlank();
      assertThat(cat.byDoctype(t.doctype())).contains(t);
    }
    CredentialType rrc = cat.byId("kr.rrc").orElseThrow();
    assertThat(rrc.rules().minimumAge()).isEqualTo(17);
    assertThat(rrc.rules().onePerHolder()).isTrue();
    assertThat(rrc.claim("resident_registration_number").orElseThrow().sensitive()).isTrue();
    CredentialType cs = cat.byId("kr.civil-servant").orElseThrow();
    assertThat(cs.claim("organization")).isPresent();
    assertThat(cs.claim("position")).isPresent();
    assertThat(cs.claim("employee_number")).isPresent();
    CredentialType vet = cat.byId("kr.veteran").orElseThrow();
    assertThat(vet.claims().stream().filter(c -> c.name().startsWith("status_")))
        .hasSize(15)
        .allMatch(c -> c.type() == ClaimType.BOOLEAN && !c.mandatory());
    CredentialType frc = cat.byId("kr.frc").orElseThrow();
    assertThat(frc.claim("nationality")).isPresent();
    assertThat(frc.claim("residence_status")).isPresent();
    assertThat(frc.claim("stay_expiry_date").orElseThrow().type()).isEqualTo(ClaimType.DATE);
    CredentialType dis = cat.byId("kr.disability").orElseThrow();
    assertThat(dis.claim("disability_type").orElseThrow().sensitive()).isTrue();
    assertThat(dis.claim("disability_degree").orElseThrow().sensitive()).isTrue();
    assertThat(dis.claim("family_name").orElseThrow().sensitive()).isFalse();
  }

  @Test
  void theBuiltInCatalogHasTheDriversLicence() {
    CredentialType mdl = Catalog.builtIn().byId("kr.mdl").orElseThrow();
    assertThat(mdl.vct()).isEqualTo("urn:kdid:kr:mdl:1");
    assertThat(mdl.doctype()).isEqualTo("org.iso.18013.5.1.mDL");
    assertThat(mdl.display("ko").name()).isEqualTo("모바일 운전면허증");
    assertThat(mdl.display("fr").name()).isEqualTo("Mobile driver's licence");
    assertThat(mdl.claim("age_over_19").orElseThrow().label("ko")).isEqualTo("만 19세 이상");
    assertThat(Catalog.builtIn().byVct("urn:kdid:kr:mdl:1")).contains(mdl);
  }

  @Test
  void derivedAgeClaimsAreComputedOnTheIssuanceDay() {
    CredentialType mdl = Catalog.builtIn().byId("kr.mdl").orElseThrow();
    LocalDate today = LocalDate.of(2026, 11, 28);
    ObjectNode adult = mdl.issuableClaims(licence("2007-11-28"), today);
    assertThat(adult.get("age_over_18").asBoolean()).isTrue();
    assertThat(adult.get("age_over_19").asBoolean()).isTrue();
    ObjectNode young = mdl.issuableClaims(licence("2007-11-29"), today);
    assertThat(young.get("age_over_18").asBoolean()).isTrue();
    assertThat(young.get("age_over_19").asBoolean()).isFalse();
  }

  @Test
  void sourceClaimsAreChecked() {
    CredentialType mdl = Catalog.builtIn().byId("kr.mdl").orElseThrow();
    ObjectNode bad = licence("1990-13-40");
    bad.remove("family_name");
    bad.put("portrait", "http://example.com/x.png");
    bad.put("age_over_19", true);
    bad.put("shoe_size", 270);
    assertThat(mdl.problemsWith(bad))
        .anyMatch(p -> p.contains("family_name is required"))
        .anyMatch(p -> p.contains("birth_date must be a date"))
        .anyMatch(p -> p.contains("portrait must be a data:image"))
        .anyMatch(p -> p.contains("age_over_19 is computed"))
        .anyMatch(p -> p.contains("shoe_size is not a claim"));
    assertThatThrownBy(() -> mdl.issuableClaims(bad, LocalDate.now()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherCountryCanBringItsOwnCatalog(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("xx.id.json"),
        """
        {"id":"xx.id","vct":"urn:example:xx:id:1",
         "display":{"ko":{"name":"신분증"},"en":{"name":"ID card"}},
         "issuance":{"minimumAge":15,"validityDays":730,"batchSize":5},
         "claims":[{"name":"given_name","type":"string","mandatory":true,"display":{"en":"Name"}}]}
        """);
    Catalog c = Catalog.load(dir);
    assertThat(c.byId("xx.id").orElseThrow().rules().minimumAge()).isEqualTo(15);
    Files.writeString(dir.resolve("yy.json"), "{\"id\":\"yy\",\"vct\":\"v\",\"display\":{}}");
    assertThatThrownBy(() -> Catalog.load(dir))
        .hasMessageContaining("yy.json")
        .hasMessageContaining("Korean");
  }
}
