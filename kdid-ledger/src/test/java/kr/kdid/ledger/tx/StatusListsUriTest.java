package kr.kdid.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import kr.kdid.core.did.Did;
import org.junit.jupiter.api.Test;

class StatusListsUriTest {
  private static final Did ISSUER = Did.parse("did:kdid:3xAmPLe4issuer");

  @Test
  void parsesWhatUriPathBuilds() {
    String uri = "http://127.0.0.1:8080" + StatusLists.uriPath(ISSUER, "police-1");
    assertThat(StatusLists.parseUri(uri)).contains(new StatusLists.ListAddress(ISSUER, "police-1"));
  }

  @Test
  void anyBaseIsAccepted() {
    assertThat(
            StatusLists.parseUri(
                "https://ledger.example/kdid/v1/status-lists/" + ISSUER + "/a.b_c-1"))
        .contains(new StatusLists.ListAddress(ISSUER, "a.b_c-1"));
  }

  @Test
  void refusesOtherShapes() {
    assertThat(StatusLists.parseUri(null)).isEmpty();
    assertThat(StatusLists.parseUri("https://x/statuslists/1")).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/" + ISSUER)).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/" + ISSUER + "/")).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/not-a-did/list")).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/" + ISSUER + "/l?x=1")).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/" + ISSUER + "/l#f")).isEmpty();
    assertThat(StatusLists.parseUri("https://x/v1/status-lists/" + ISSUER + "/bad id")).isEmpty();
  }
}
