package kr.kdid.ledger.state;

/** Read access to the committed world state. Implementations are thread-safe. */
public interface StateReader {

  /** The value under a key, or null. */
  byte[] get(String key);
}
