package kr.kdid.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import kr.kdid.wallet.fakes.Fixture;
import kr.kdid.wallet.presentation.PresentationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holder's history, looked up on the ledger through the commitment port. */
class HistoryTest {
  @TempDir Path dir;
  Fixture fx;
  Wallet wallet;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture();
    wallet = fx.newWallet(dir);
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fx.close();
  }

  void presentAndDecline() throws WalletException {
    PresentationRequest ok = wallet.receive(fx.verifier.createRequest("given_name").link());
    wallet.respond(ok, ok.consent().approve());
    PresentationRequest no = wallet.receive(fx.verifier.createRequest("age_over_19").link());
    wallet.decline(no);
  }

  @Test
  void eachEventIsReportedAnchoredOrNot() throws Exception {
    fx.receive(wallet);
    presentAndDecline();
    List<HistoryEntry> h = wallet.history();
    assertThat(h)
        .extracting(HistoryEntry::outcome)
        .containsExactly(
            HistoryEntry.Outcome.ISSUED,
            HistoryEntry.Outcome.VERIFIED,
            HistoryEntry.Outcome.DECLINED);

    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    fx.ledger.anchor(
        h.get(0).event().commitmentHex(),
        new CommitmentLookup.Anchored(t, fx.issuer.did.toString(), "issuance", "ab".repeat(32)));

    List<HistoryStatus> s = wallet.historyWithAnchors();
    assertThat(s.get(0).anchor())
        .isEqualTo(new AnchorStatus.Anchored(t, fx.issuer.did.toString(), "ab".repeat(32)));
    assertThat(s.get(1).anchor()).isInstanceOf(AnchorStatus.NotYetAnchored.class);
    assertThat(s.get(2).anchor()).isInstanceOf(AnchorStatus.NoEvent.class);

    // Once the verifier anchors its batch, the presentation shows as anchored too.
    fx.ledger.anchor(
        h.get(1).event().commitmentHex(),
        new CommitmentLookup.Anchored(
            t.plusSeconds(5), fx.verifier.did.toString(), "verification", "cd".repeat(32)));
    assertThat(wallet.historyWithAnchors().get(1).anchor())
        .isInstanceOf(AnchorStatus.Anchored.class);
  }

  @Test
  void anAnchorByAnotherPartyOrKindIsAMismatch() throws Exception {
    fx.receive(wallet);
    String c = wallet.history().get(0).event().commitmentHex();
    fx.ledger.anchor(
        c, new CommitmentLookup.Anchored(Instant.now(), "did:kdid:someoneelse", "issuance", "tx"));
    assertThat(wallet.historyWithAnchors().get(0).anchor())
        .isInstanceOf(AnchorStatus.Mismatch.class);
    fx.ledger.anchor(
        c,
        new CommitmentLookup.Anchored(
            Instant.now(), fx.issuer.did.toString(), "verification", "tx"));
    assertThat(wallet.historyWithAnchors().get(0).anchor())
        .isInstanceOf(AnchorStatus.Mismatch.class);
  }

  @Test
  void anUnreachableLedgerIsReportedPerEntry() throws Exception {
    fx.receive(wallet);
    fx.ledger.setDown(true);
    assertThat(wallet.historyWithAnchors().get(0).anchor())
        .isInstanceOf(AnchorStatus.Unavailable.class);
  }

  @Test
  void theHistoryIsSealedAndSurvivesReopening() throws Exception {
    fx.receive(wallet);
    presentAndDecline();
    List<HistoryEntry> before = wallet.history();
    wallet.close();
    wallet = fx.openWallet(dir);
    assertThat(wallet.history()).isEqualTo(before);
    String onDisk =
        java.nio.file.Files.readString(
            dir.resolve(kr.kdid.wallet.storage.EncryptedFileWalletStore.FILE_NAME));
    assertThat(onDisk).doesNotContain("given_name").doesNotContain("Hana Bank");
  }
}
