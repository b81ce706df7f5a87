package kr.kdid.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.wallet.issuance.CredentialOffer;
import kr.kdid.wallet.presentation.DcqlQuery;

/**
 * Fuzz targets for what a wallet reads from strangers: a credential offer link (from any QR code or
 * deep link) and a verifier's DCQL query. Whatever the input, the wallet must get a parsed value or
 * a {@link WalletException} it can show the holder: any other exception would crash the app.
 *
 * <p>Under {@code ./kdid test} these run in regression mode, once on each seed (the OpenID4VCI 1.0
 * offers as links and the OpenID4VP 1.0 DCQL examples, in {@code
 * src/test/resources/kr/kdid/wallet/WalletInputsFuzzTestInputs/}); docs/testing.md says how to
 * fuzz.
 */
class WalletInputsFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void offerLink(byte[] input) {
    try {
      CredentialOffer.Link link =
          CredentialOffer.parseLink(new String(input, StandardCharsets.UTF_8));
      assertThat(link.offer() != null || link.offerUri() != null).isTrue();
    } catch (WalletException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void dcqlQuery(byte[] input) {
    JsonNode json;
    try {
      json = Json.parse(input);
    } catch (MalformedJsonException e) {
      return; // not JSON: the request is refused before the query is read
    }
    try {
      DcqlQuery.fromJson(json);
    } catch (WalletException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
