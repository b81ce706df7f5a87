package kr.kdid.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CanonicalWriterTest {

  @Test
  void writesWhatJcsWrites() {
    byte[] w =
        new CanonicalWriter(8)
            .beginObject()
            .name("a")
            .value("x\"\u0001\u20ac")
            .name("b")
            .beginArray()
            .value(1)
            .value(true)
            .nullValue()
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .raw("{\"k\":[1,2]}".getBytes(StandardCharsets.UTF_8))
            .endArray()
            .name("c")
            .value(-42)
            .endObject()
            .toByteArray();
    String json =
        "{\"c\":-42,\"b\":[1,true,null,{},[],{\"k\":[1,2]}],\"a\":\"x\\\"\\u0001\u20ac\"}";
    assertThat(w).isEqualTo(Jcs.canonicalize(Json.parse(json)));
  }

  @Property(tries = 300)
  void stringsAndNumbersMatchJcs(@ForAll String s, @ForAll long n) {
    long v = n % (1L << 53);
    byte[] w =
        new CanonicalWriter(16)
            .beginObject()
            .name("n")
            .value(v)
            .name("s")
            .value(s)
            .endObject()
            .toByteArray();
    var o = Json.object();
    o.put("s", s);
    o.put("n", v);
    try {
      assertThat(w).isEqualTo(Jcs.canonicalize(o));
    } catch (IllegalArgumentException lone) {
      // Jcs refuses lone surrogates; so must the writer.
      assertThatThrownBy(() -> new CanonicalWriter(16).beginObject().name("s").value(s).endObject())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesNonCanonicalOrderAndMisuse() {
    assertThatThrownBy(() -> new CanonicalWriter(8).beginObject().name("b").value(1).name("a"))
        .hasMessageContaining("not canonical order");
    assertThatThrownBy(() -> new CanonicalWriter(8).beginObject().name("a").value(1).name("a"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CanonicalWriter(8).beginObject().value(1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CanonicalWriter(8).beginObject().toByteArray())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CanonicalWriter(8).beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CanonicalWriter(8).value(1L << 54))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
