package kr.kdid.ledger.proof;

/** A proof does not verify: the answer it came with must not be believed. */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message);
  }
}
