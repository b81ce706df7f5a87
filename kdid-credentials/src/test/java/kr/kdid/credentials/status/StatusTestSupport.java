package kr.kdid.credentials.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.zip.Deflater;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;

/** Shared helpers for the status list tests. */
final class StatusTestSupport {
  static final String DIR = "token-status-list/";

  private StatusTestSupport() {}

  /** A deterministic SecureRandom (SHA1PRNG seeded before first use). */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static SoftwareKey key(long seed) {
    return SoftwareKey.generate(SignatureAlgorithm.ES256, seeded(seed));
  }

  /** The JSON object of a status list vector file (the part from the first '{'), unwrapped. */
  static JsonNode vectorJson(String file) {
    String text = Vectors.text(DIR + file);
    return Json.parse(text.substring(text.indexOf('{')).replaceAll("\\s+", ""));
  }

  /** Signs arbitrary claims with an arbitrary header (alg is added). */
  static String signRaw(ObjectNode header, ObjectNode claims, SoftwareKey key) {
    return Jws.sign(header, claims, key).encoded();
  }

  static ObjectNode header(String typ) {
    ObjectNode h = Json.object();
    if (typ != null) {
      h.put("typ", typ);
    }
    h.put("kid", "k1");
    return h;
  }

  /** Claims of a well-formed token, for tests that then break one thing. */
  static ObjectNode claims(String sub, Instant iat, Instant exp, int bits, String lst) {
    ObjectNode c = Json.object();
    c.put("sub", sub);
    c.put("iat", iat.getEpochSecond());
    if (exp != null) {
      c.put("exp", exp.getEpochSecond());
    }
    c.put("ttl", 3600);
    ObjectNode sl = c.putObject("status_list");
    sl.put("bits", bits);
    sl.put("lst", lst);
    return c;
  }

  /** ZLIB of {@code n} zero bytes, compressed without holding them all in memory. */
  static byte[] zlibZeros(long n) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      byte[] zeros = new byte[1 << 20];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      long left = n;
      while (left > 0) {
        int chunk = (int) Math.min(zeros.length, left);
        d.setInput(zeros, 0, chunk);
        left -= chunk;
        while (!d.needsInput()) {
          out.write(buf, 0, d.deflate(buf));
        }
      }
      d.finish();
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  static String zlibZerosLst(long n) {
    return Base64Url.encode(zlibZeros(n));
  }

  /** A clock tests move by hand. Thread-safe. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
