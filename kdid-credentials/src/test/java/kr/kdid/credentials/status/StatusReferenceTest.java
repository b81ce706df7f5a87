package kr.kdid.credentials.status;

import static kr.kdid.credentials.status.StatusListTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.status.StatusException.Reason;
import org.junit.jupiter.api.Test;

class StatusReferenceTest {

  private static JsonNode json(String s) {
    return Json.parse(s);
  }

  @Test
  void readsTheSpecExample() throws Exception {
    JsonNode payload =
        json(
            "{\"status\":{\"status_list\":{\"idx\":0,\"uri\":\"https://example.com/statuslists/1\"}}}");
    StatusReference ref = StatusReference.fromStatusClaim(payload.get("status"));
    assertThat(ref).isEqualTo(new StatusReference(0, "https://example.com/statuslists/1"));
    assertThat(Json.string(ref.toStatusClaim()))
        .isEqualTo("{\"status_list\":{\"idx\":0,\"uri\":\"https://example.com/statuslists/1\"}}");
  }

  @Test
  void roundTrip() throws Exception {
    StatusReference ref = new StatusReference(1_048_575, "https://status.kdid.kr/lists/7");
    assertThat(StatusReference.fromStatusClaim(ref.toStatusClaim())).isEqualTo(ref);
  }

  @Test
  void ignoresOtherMembers() throws Exception {
    JsonNode status =
        json(
            "{\"identifier_list\":{\"id\":\"1\",\"uri\":\"https://x\"},"
                + "\"status_list\":{\"idx\":5,\"uri\":\"https://a.example/l\",\"x\":true}}");
    assertThat(StatusReference.fromStatusClaim(status))
        .isEqualTo(new StatusReference(5, "https://a.example/l"));
  }

  @Test
  void missing() {
    assertReason(() -> StatusReference.fromStatusClaim(null), Reason.MISSING_CLAIM);
    assertReason(
        () -> StatusReference.fromStatusClaim(json("{}").path("status")), Reason.MISSING_CLAIM);
    assertReason(() -> StatusReference.fromStatusClaim(json("null")), Reason.MISSING_CLAIM);
    assertReason(() -> StatusReference.fromStatusClaim(json("{}")), Reason.MISSING_CLAIM);
    assertReason(
        () -> StatusReference.fromStatusClaim(json("{\"status_list\":{\"uri\":\"https://a/b\"}}")),
        Reason.MISSING_CLAIM);
    assertReason(
        () -> StatusReference.fromStatusClaim(json("{\"status_list\":{\"idx\":1}}")),
        Reason.MISSING_CLAIM);
  }

  @Test
  void malformed() {
    String[] bad = {
      "[]",
      "\"x\"",
      "{\"status_list\":[1]}",
      "{\"status_list\":{\"idx\":-1,\"uri\":\"https://a/b\"}}",
      "{\"status_list\":{\"idx\":1.5,\"uri\":\"https://a/b\"}}",
      "{\"status_list\":{\"idx\":1.0,\"uri\":\"https://a/b\"}}",
      "{\"status_list\":{\"idx\":\"1\",\"uri\":\"https://a/b\"}}",
      "{\"status_list\":{\"idx\":true,\"uri\":\"https://a/b\"}}",
      "{\"status_list\":{\"idx\":1,\"uri\":5}}",
      "{\"status_list\":{\"idx\":1,\"uri\":\"\"}}",
      "{\"status_list\":{\"idx\":1,\"uri\":\"relative/path\"}}",
      "{\"status_list\":{\"idx\":1,\"uri\":\"https://a b/c\"}}",
      "{\"status_list\":{\"idx\":-99999999999999999999,\"uri\":\"https://a/b\"}}",
    };
    for (String s : bad) {
      assertReason(() -> StatusReference.fromStatusClaim(json(s)), Reason.MALFORMED);
    }
  }

  @Test
  void hugeIndexIsOutOfRange() {
    for (String idx : new String[] {"2147483648", "99999999999999999999999"}) {
      assertReason(
          () ->
              StatusReference.fromStatusClaim(
                  json("{\"status_list\":{\"idx\":" + idx + ",\"uri\":\"https://a/b\"}}")),
          Reason.INDEX_OUT_OF_RANGE);
    }
  }

  @Test
  void constructorChecks() {
    assertThatThrownBy(() -> new StatusReference(-1, "https://a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusReference(1, "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusReference(1, null)).isInstanceOf(NullPointerException.class);
  }
}
