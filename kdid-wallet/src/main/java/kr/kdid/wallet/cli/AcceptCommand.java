package kr.kdid.wallet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.wallet.Acceptance;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.issuance.CredentialOffer;
import kr.kdid.wallet.issuance.PreparedOffer;
import kr.kdid.wallet.jdk.LoopbackRedirect;
import kr.kdid.wallet.jdk.QrImages;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdid wallet accept}: receives a credential from an OpenID4VCI offer. */
@Command(
    name = "accept",
    mixinStandardHelpOptions = true,
    description =
        "Receive a credential from an offer link (openid-credential-offer://...) or its QR code.")
final class AcceptCommand extends WalletSubcommand {

  static final class Source {
    @Parameters(paramLabel = "OFFER_URI", description = "The offer link.")
    String uri;

    @Option(names = "--qr", paramLabel = "PNG", description = "An image of the offer's QR code.")
    Path qr;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--tx-code",
      paramLabel = "CODE",
      description = "The transaction code sent to you (asked for if needed and not given).")
  String txCode;

  @Option(
      names = "--sign-in",
      description =
          "Sign in at the issuer in a browser (the authorization code flow) even if the offer"
              + " also has a pre-authorized code; offers without one always sign in.")
  boolean signIn;

  @Option(
      names = "--sign-in-timeout",
      paramLabel = "MINUTES",
      defaultValue = "5",
      description = "How long to wait for the browser to come back (default: ${DEFAULT-VALUE}).")
  int signInTimeout;

  /** The wallet's client id at issuers (a public client, RFC 8252). */
  static final String CLIENT_ID = "kdid-wallet-cli";

  @Override
  int execute() throws WalletException {
    String link = source.uri;
    if (source.qr != null) {
      byte[] image;
      try {
        image = Files.readAllBytes(source.qr);
      } catch (IOException e) {
        throw new CliException("cannot read the image " + source.qr);
      }
      link = QrImages.decode(image);
    }
    try (Wallet w = open()) {
      CredentialOffer offer = w.resolveOffer(link);
      PreparedOffer prepared = w.prepareOffer(offer);
      out()
          .println("Offer from " + prepared.metadata().name() + ": " + typeName(w, prepared) + ".");
      if (signIn || !offer.hasPreAuthorizedCode()) {
        if (!offer.allowsSignIn()) {
          throw new CliException("this offer has no sign-in (authorization code) grant");
        }
        try (LoopbackRedirect back = LoopbackRedirect.open()) {
          Acceptance a =
              w.acceptWithSignIn(
                  prepared,
                  CLIENT_ID,
                  back.redirectUri(),
                  url -> {
                    out().println("Sign in at " + prepared.metadata().name() + " in a browser:");
                    out().println("  " + url);
                    out().println("Waiting for the browser to come back...");
                    out().flush();
                    return back.await(java.time.Duration.ofMinutes(signInTimeout));
                  });
          return report(a);
        }
      }
      String code = txCode;
      if (offer.requiresTxCode() && (code == null || code.isEmpty())) {
        if (offer.txCode().description() != null) {
          out().println(offer.txCode().description());
        }
        out().flush();
        code = terminal().readLine("Transaction code: ");
        code = code == null ? null : code.strip();
      }
      return report(w.acceptOffer(prepared, offer.requiresTxCode() ? code : null));
    }
  }

  private int report(Acceptance a) {
    WalletCredential c = a.credential();
    List<String> held = new ArrayList<>();
    if (c.copies() > 0) {
      held.add(c.copies() + (c.copies() == 1 ? " copy" : " copies"));
    }
    if (c.mdocCopies() > 0) {
      held.add(c.mdocCopies() + (c.mdocCopies() == 1 ? " mdoc copy" : " mdoc copies"));
    }
    out()
        .println(
            "Stored "
                + c.name()
                + " from "
                + c.issuerName()
                + " as "
                + c.id()
                + ": "
                + String.join(" and ", held)
                + (c.expiresAt() != null ? ", valid until " + day(c.expiresAt()) : "")
                + ".");
    a.mdocProblem()
        .ifPresent(
            e ->
                out()
                    .println(
                        "The mdoc form was not received ("
                            + e.code()
                            + (e.remoteCode() != null ? "/" + e.remoteCode() : "")
                            + "): "
                            + e.getMessage()));
    return WalletCommand.OK;
  }

  private static String typeName(Wallet w, PreparedOffer p) {
    var type =
        p.configuration().isMdoc()
            ? w.catalog().byDoctype(p.configuration().doctype())
            : w.catalog().byVct(p.configuration().vct());
    return type.map(t -> t.display("en").name() + " (" + t.display("ko").name() + ")")
            .orElse(p.configuration().id())
        + (p.mdoc().isPresent() && !p.configuration().isMdoc() ? ", as SD-JWT VC and mdoc" : "")
        + (p.configuration().isMdoc() ? ", as mdoc" : "");
  }
}
