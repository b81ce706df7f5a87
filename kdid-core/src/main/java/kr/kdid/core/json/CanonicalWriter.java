package kr.kdid.core.json;

/**
 * Writes RFC 8785 canonical JSON directly, without building a tree: for hot paths that hash or
 * store fixed-shape records. The caller writes object members in canonical order (names sorted by
 * UTF-16 code units); the writer checks that order and throws if it is broken, so its output is
 * always byte-identical to {@link Jcs#canonicalize} of the same value.
 *
 * <pre>{@code
 * byte[] b = new CanonicalWriter(128)
 *     .beginObject().name("id").value(id).name("valid").value(true).endObject()
 *     .toByteArray();
 * }</pre>
 *
 * <p>Not thread-safe; one instance per value.
 */
public final class CanonicalWriter {
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final Jcs.Sink out;
  private final boolean[] isObject = new boolean[Jcs.MAX_DEPTH + 1];
  private final int[] count = new int[Jcs.MAX_DEPTH + 1];
  private final String[] lastName = new String[Jcs.MAX_DEPTH + 1];
  private int depth;
  private boolean afterName;
  private boolean done;

  public CanonicalWriter(int capacity) {
    this.out = new Jcs.Sink(Math.max(16, capacity));
  }

  /** Called before any value (including the start of an object or array). */
  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth == 0) {
      if (done) {
        throw new IllegalStateException("only one top-level value");
      }
      done = true;
      return;
    }
    if (isObject[depth]) {
      throw new IllegalStateException("a value in an object needs a name first");
    }
    if (count[depth]++ > 0) {
      out.write(',');
    }
  }

  private void open(char c, boolean object) {
    beforeValue();
    if (depth >= Jcs.MAX_DEPTH) {
      throw new IllegalStateException("nested too deeply");
    }
    out.write(c);
    depth++;
    isObject[depth] = object;
    count[depth] = 0;
    lastName[depth] = null;
  }

  private void close(char c, boolean object) {
    if (depth == 0 || isObject[depth] != object || afterName) {
      throw new IllegalStateException("unbalanced " + c);
    }
    out.write(c);
    depth--;
  }

  public CanonicalWriter beginObject() {
    open('{', true);
    return this;
  }

  public CanonicalWriter endObject() {
    close('}', true);
    return this;
  }

  public CanonicalWriter beginArray() {
    open('[', false);
    return this;
  }

  public CanonicalWriter endArray() {
    close(']', false);
    return this;
  }

  /**
   * Writes a member name.
   *
   * @throws IllegalStateException outside an object, or if the name does not sort after the
   *     previous member's
   */
  public CanonicalWriter name(String name) {
    if (depth == 0 || !isObject[depth] || afterName) {
      throw new IllegalStateException("a name belongs in an object, before a value");
    }
    String prev = lastName[depth];
    if (prev != null && prev.compareTo(name) >= 0) {
      throw new IllegalStateException(
          "member \"" + name + "\" written after \"" + prev + "\": not canonical order");
    }
    if (count[depth]++ > 0) {
      out.write(',');
    }
    lastName[depth] = name;
    Jcs.writeString(name, out);
    out.write(':');
    afterName = true;
    return this;
  }

  public CanonicalWriter value(String s) {
    beforeValue();
    Jcs.writeString(s, out);
    return this;
  }

  /** An integer; must be exactly representable as a double (|v| <= 2^53). */
  public CanonicalWriter value(long v) {
    if (v > (1L << 53) || v < -(1L << 53)) {
      throw new IllegalArgumentException("integer beyond 2^53 is not exact in JSON numbers");
    }
    beforeValue();
    out.writeLong(v);
    return this;
  }

  public CanonicalWriter value(boolean b) {
    beforeValue();
    out.write(b ? TRUE : FALSE);
    return this;
  }

  public CanonicalWriter nullValue() {
    beforeValue();
    out.write(NULL);
    return this;
  }

  /** Writes bytes that are already canonical JSON (a nested value), as they are. */
  public CanonicalWriter raw(byte[] canonicalJson) {
    beforeValue();
    out.write(canonicalJson);
    return this;
  }

  /**
   * The bytes written.
   *
   * @throws IllegalStateException if an object or array is still open
   */
  public byte[] toByteArray() {
    if (depth != 0 || afterName || !done) {
      throw new IllegalStateException("incomplete value");
    }
    return out.toByteArray();
  }
}
