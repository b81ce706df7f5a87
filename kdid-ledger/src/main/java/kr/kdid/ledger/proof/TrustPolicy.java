package kr.kdid.ledger.proof;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.ledger.block.HeaderSignature;

/**
 * Which ledger nodes a client trusts, and how many of them must have signed a header before the
 * client believes it (k of n). Immutable and thread-safe.
 */
public final class TrustPolicy {
  private final Map<String, VerificationKey> nodes;
  private final int required;

  /**
   * @param nodes trusted node ids and their header-signing keys
   * @param required how many distinct trusted nodes must sign (1 to nodes.size())
   */
  public TrustPolicy(Map<String, VerificationKey> nodes, int required) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("trust at least one node");
    }
    if (required < 1 || required > nodes.size()) {
      throw new IllegalArgumentException("required signatures must be 1.." + nodes.size());
    }
    this.nodes = Map.copyOf(new LinkedHashMap<>(nodes));
    this.required = required;
  }

  public Map<String, VerificationKey> nodes() {
    return nodes;
  }

  public int required() {
    return required;
  }

  /** The number of distinct trusted nodes whose signature over the header verifies. */
  public int validSignatures(SignedHeader signed) {
    byte[] bytes = signed.header().signingBytes();
    Set<String> counted = new HashSet<>();
    for (HeaderSignature s : signed.signatures()) {
      VerificationKey key = nodes.get(s.node());
      if (key == null || counted.contains(s.node())) {
        continue;
      }
      if (!key.algorithm().jwsName().equals(s.alg())) {
        continue;
      }
      byte[] sig;
      try {
        sig = Base64Url.decode(s.signature());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (key.verify(bytes, sig)) {
        counted.add(s.node());
      }
    }
    return counted.size();
  }

  /** True if enough trusted nodes signed the header. */
  public boolean accepts(SignedHeader signed) {
    return validSignatures(signed) >= required;
  }
}
