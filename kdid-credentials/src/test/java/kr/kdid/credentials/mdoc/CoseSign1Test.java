package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import org.junit.jupiter.api.Test;

class CoseSign1Test {
  private static final SoftwareKey KEY = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private static final P256Key PUB = (P256Key) KEY.publicKey();
  private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);

  @Test
  void attached() throws MdocException {
    CoseSign1 s = CoseSign1.sign(KEY, PAYLOAD, false, List.of());
    CoseSign1 read = CoseSign1.decode(s.encode());
    assertThat(read.verify(PUB, null)).isTrue();
    assertThat(read.verify(PUB, PAYLOAD)).as("payload given twice").isFalse();
    assertThat(read.payload()).contains(PAYLOAD);
    assertThat(read.protectedHeader()).containsExactly(0xa1, 0x01, 0x26);
  }

  @Test
  void detached() throws MdocException {
    CoseSign1 s = CoseSign1.sign(KEY, PAYLOAD, true, List.of());
    CoseSign1 read = CoseSign1.decode(s.encode());
    assertThat(read.payload()).isEmpty();
    assertThat(read.verify(PUB, PAYLOAD)).isTrue();
    assertThat(read.verify(PUB, null)).isFalse();
    assertThat(read.verify(PUB, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
    P256Key other = (P256Key) SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    assertThat(read.verify(other, PAYLOAD)).isFalse();
  }

  @Test
  void x5chainOneOrMany() throws MdocException {
    byte[] a = {1, 2, 3};
    byte[] b = {4, 5};
    CoseSign1 one = CoseSign1.decode(CoseSign1.sign(KEY, PAYLOAD, false, List.of(a)).encode());
    assertThat(one.x5chain()).containsExactly(a);
    assertThat(one.toCbor().get(1).get(33).GetByteString()).isEqualTo(a);
    CoseSign1 two = CoseSign1.decode(CoseSign1.sign(KEY, PAYLOAD, false, List.of(a, b)).encode());
    assertThat(two.x5chain()).containsExactly(a, b);
  }

  @Test
  void otherAlgorithmsAreRejected() {
    CBORObject prot = CBORObject.NewMap();
    prot.Add(1, -35); // ES384
    CBORObject o = CBORObject.NewArray();
    o.Add(CBORObject.FromObject(prot.EncodeToBytes()));
    o.Add(CBORObject.NewMap());
    o.Add(CBORObject.FromObject(PAYLOAD));
    o.Add(CBORObject.FromObject(new byte[64]));
    assertThatThrownBy(() -> CoseSign1.decode(o.EncodeToBytes()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM));
  }

  @Test
  void macRoundTrip() throws MdocException {
    byte[] key = new byte[32];
    key[0] = 7;
    CoseMac0 m = CoseMac0.fromCbor(CoseMac0.create(key, PAYLOAD).toCbor());
    assertThat(m.verify(key, PAYLOAD)).isTrue();
    key[1] = 1;
    assertThat(m.verify(key, PAYLOAD)).isFalse();
  }
}
