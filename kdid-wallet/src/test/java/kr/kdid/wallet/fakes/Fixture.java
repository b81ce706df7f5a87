package kr.kdid.wallet.fakes;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletContext;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.jdk.JdkHttpTransport;
import kr.kdid.wallet.storage.EncryptedFileWalletStore;

/**
 * A test world: an in-memory ledger, a fake issuer and a fake verifier on loopback (the verifier
 * registered for given_name, family_name and age_over_19 of kr.mdl, and trusting the issuer).
 */
public final class Fixture implements AutoCloseable {
  public static final String PIN = "483920";

  public final TestLedger ledger = new TestLedger();
  public final FakeIssuer issuer;
  public final FakeVerifier verifier;
  public final JdkHttpTransport transport =
      new JdkHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(10));
  public final SecureRandom random = new SecureRandom();

  public Fixture() throws IOException {
    issuer = new FakeIssuer(ledger);
    verifier = new FakeVerifier(ledger);
    verifier.trust(issuer);
    ledger.register(
        verifier.did,
        TestLedger.mdlRegistration("Hana Bank", true, "given_name", "family_name", "age_over_19"));
  }

  public WalletContext context() {
    return WalletContext.builder()
        .transport(transport)
        .didResolver(ledger)
        .relyingParties(ledger)
        .commitments(ledger)
        .random(random)
        .build();
  }

  public EncryptedFileWalletStore store(Path dir) {
    return new EncryptedFileWalletStore(dir, Argon2Params.TEST_ONLY, random);
  }

  public Wallet newWallet(Path dir) throws WalletException {
    return Wallet.create(store(dir), PIN.toCharArray(), context());
  }

  public Wallet openWallet(Path dir) throws WalletException {
    return Wallet.open(store(dir), PIN.toCharArray(), context());
  }

  /** Receives a fresh offer of the fake issuer (by reference). */
  public WalletCredential receive(Wallet w) throws WalletException {
    FakeIssuer.Offer offer = issuer.createOffer();
    return w.accept(w.prepareOffer(w.resolveOffer(offer.byReference())), offer.txCode());
  }

  @Override
  public void close() {
    issuer.close();
    verifier.close();
  }
}
