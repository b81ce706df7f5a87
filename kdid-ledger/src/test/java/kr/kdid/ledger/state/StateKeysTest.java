package kr.kdid.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import kr.kdid.core.did.Did;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StateKeysTest {

  @Property
  void aCheckpointKeyNamesItsHeightAndNode(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long height,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String node) {
    String key = StateKeys.checkpoint(height, node);
    assertThat(StateKeys.parseCheckpoint(key)).isEqualTo(new StateKeys.Checkpoint(height, node));
    assertThat(StateKeys.inStateTree(key)).isFalse();
  }

  @Test
  void everyOtherKeyIsInTheStateTree() {
    Did did = Did.parse("did:kdid:RXPE7XGTrpF6j81Byscujg");
    for (String key :
        new String[] {
          StateKeys.CHAIN_CONFIG,
          StateKeys.did(did),
          StateKeys.issuer(did),
          StateKeys.relyingParty(did),
          StateKeys.statusList(did, "1"),
          StateKeys.anchor("00".repeat(32)),
          StateKeys.conflict(41, "node-3")
        }) {
      assertThat(StateKeys.inStateTree(key)).as(key).isTrue();
      assertThat(StateKeys.parseCheckpoint(key)).as(key).isNull();
    }
  }

  @Test
  void malformedCheckpointKeysNameNothing() {
    for (String key :
        new String[] {
          "checkpoint/",
          "checkpoint/41/node-3",
          "checkpoint/000000000000000004x/node-3",
          "checkpoint/+000000000000000041/node-3",
          "checkpoint/-000000000000000041/node-3",
          "checkpoint/0000000000000000041node-3",
          "checkpoint/0000000000000000041/"
        }) {
      assertThat(StateKeys.parseCheckpoint(key)).as(key).isNull();
    }
  }
}
