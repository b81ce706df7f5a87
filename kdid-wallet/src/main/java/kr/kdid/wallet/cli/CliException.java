package kr.kdid.wallet.cli;

/** A problem with what the holder typed on the command line, reported in one line. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message, null, false, false);
  }
}
