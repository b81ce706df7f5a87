package kr.kdid.ledger.machine;

import kr.kdid.core.crypto.Signer;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.HeaderSignature;

/** A node's identity and key, with which it signs the headers of the blocks it applies. */
public record NodeSigner(String nodeId, Signer signer) {
  public HeaderSignature sign(BlockHeader header) {
    return new HeaderSignature(
        nodeId, signer.algorithm().jwsName(), Base64Url.encode(signer.sign(header.signingBytes())));
  }
}
