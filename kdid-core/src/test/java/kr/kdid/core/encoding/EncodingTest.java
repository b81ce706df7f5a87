package kr.kdid.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EncodingTest {

  @Test
  void base58MatchesKnownValues() {
    // Bitcoin base58 examples: "Hello World!" and leading zero bytes map to '1's.
    assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(Base58.encode(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd}))
        .isEqualTo("11233QC4");
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.decode("11233QC4")).containsExactly(0, 0, 0x28, 0x7f, 0xb4, 0xcd);
  }

  @Test
  void base58RejectsCharactersOutsideTheAlphabet() {
    assertThatThrownBy(() -> Base58.decode("0OIl")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Base58.decode("abc한")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void base58RoundTrips(@ForAll byte[] bytes) {
    assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
  }

  @Test
  void base64UrlIsUnpaddedAndStrict() {
    assertThat(Base64Url.encode(new byte[] {(byte) 0xfb, (byte) 0xff})).isEqualTo("-_8");
    assertThat(Base64Url.decode("-_8")).containsExactly(0xfb, 0xff);
    assertThatThrownBy(() -> Base64Url.decode("-_8=")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Base64Url.decode("+/8")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Base64Url.decode("a")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Base64Url.isValid("abc")).isTrue();
    assertThat(Base64Url.isValid("ab c")).isFalse();
  }

  @Test
  void multicodecPrefixesFollowTheTable() {
    // ed25519-pub 0xed -> varint ed 01; p256-pub 0x1200 -> varint 80 24
    assertThat(Multicodec.ED25519_PUB.prefix(new byte[] {7})).containsExactly(0xed, 0x01, 7);
    assertThat(Multicodec.P256_PUB.prefix(new byte[] {7})).containsExactly(0x80, 0x24, 7);
    Multicodec.Prefixed p = Multicodec.split(new byte[] {(byte) 0x80, 0x24, 9, 9});
    assertThat(p.codec()).isEqualTo(Multicodec.P256_PUB);
    assertThat(p.value()).containsExactly(9, 9);
    assertThatThrownBy(() -> Multicodec.split(new byte[] {0x12}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported");
    assertThatThrownBy(() -> Multicodec.split(new byte[] {(byte) 0x80}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void multibaseAcceptsBase58AndBase64Url() {
    assertThat(Multibase.decode("z2NEpo7TZRRrLZSi2U"))
        .isEqualTo("Hello World!".getBytes(StandardCharsets.US_ASCII));
    assertThat(Multibase.decode("u-_8")).containsExactly(0xfb, 0xff);
    assertThatThrownBy(() -> Multibase.decode("f00")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> Multibase.decode("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hexIsLowerCase() {
    assertThat(Hex.encode(new byte[] {(byte) 0xAB, 1})).isEqualTo("ab01");
    assertThat(Hex.decode("AB01")).containsExactly(0xab, 1);
    assertThatThrownBy(() -> Hex.decode("abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
