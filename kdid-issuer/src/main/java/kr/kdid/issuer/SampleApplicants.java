package kr.kdid.issuer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import kr.kdid.core.json.Json;

/**
 * Made-up licence holders for trying K-DID by hand, the demo and tests: plausible source claims of
 * a driver's licence (random names, licence numbers and a drawn portrait), never real people.
 */
public final class SampleApplicants {
  private static final List<String> FAMILY = List.of("김", "이", "박", "최", "정", "강", "조", "윤");
  private static final List<String> GIVEN =
      List.of("민준", "서연", "도윤", "지우", "하준", "서윤", "시우", "지민", "예준", "하은");

  private SampleApplicants() {}

  /** A sample applicant: a person reference and the licence's source claims. */
  public record Sample(String personRef, ObjectNode claims) {}

  /** A random licence holder born on {@code birthDate}. */
  public static Sample driver(RandomGenerator random, LocalDate birthDate, LocalDate today) {
    return driver(
        random,
        FAMILY.get(random.nextInt(FAMILY.size())),
        GIVEN.get(random.nextInt(GIVEN.size())),
        birthDate,
        today);
  }

  /** A licence holder with the given names. */
  public static Sample driver(
      RandomGenerator random,
      String familyName,
      String givenName,
      LocalDate birthDate,
      LocalDate today) {
    String number =
        String.format(
            "%02d-%02d-%06d-%02d",
            11 + random.nextInt(18),
            today.getYear() % 100,
            random.nextInt(1_000_000),
            random.nextInt(100));
    ObjectNode c = Json.object();
    c.put("family_name", familyName);
    c.put("given_name", givenName);
    c.put("birth_date", birthDate.toString());
    c.put("issue_date", today.toString());
    c.put("expiry_date", today.plusYears(10).toString());
    c.put("issuing_country", "KR");
    c.put("issuing_authority", "경찰청 (Korean National Police Agency)");
    c.put("document_number", number);
    c.put("portrait", portrait(random));
    ArrayNode privileges = c.putArray("driving_privileges");
    ObjectNode b = privileges.addObject();
    b.put("vehicle_category_code", "B");
    b.put("issue_date", today.toString());
    b.put("expiry_date", today.plusYears(10).toString());
    c.put("un_distinguishing_sign", "ROK");
    c.put("resident_address", "서울특별시 종로구 세종대로 209");
    return new Sample("sample:" + number, c);
  }

  /**
   * A random applicant for any of the six mobile IDs, born on {@code birthDate}: the source claims
   * the issuing body's registry would hold.
   *
   * @throws IllegalArgumentException for a type outside the built-in catalog
   */
  public static Sample forType(
      String credentialType, RandomGenerator random, LocalDate birthDate, LocalDate today) {
    if (credentialType.equals("kr.mdl")) {
      return driver(random, birthDate, today);
    }
    ObjectNode c = Json.object();
    c.put("family_name", FAMILY.get(random.nextInt(FAMILY.size())));
    c.put("given_name", GIVEN.get(random.nextInt(GIVEN.size())));
    c.put("birth_date", birthDate.toString());
    c.put("issue_date", today.toString());
    c.put("portrait", portrait(random));
    String number =
        String.format("%06d-%07d", random.nextInt(1_000_000), random.nextInt(10_000_000));
    switch (credentialType) {
      case "kr.rrc" -> {
        c.put("expiry_date", today.plusYears(10).toString());
        c.put("issuing_authority", "행정안전부 (Ministry of the Interior and Safety)");
        c.put(
            "resident_registration_number",
            String.format(
                "%02d%02d%02d-%d%06d",
                birthDate.getYear() % 100,
                birthDate.getMonthValue(),
                birthDate.getDayOfMonth(),
                birthDate.getYear() >= 2000 ? 3 + random.nextInt(2) : 1 + random.nextInt(2),
                random.nextInt(1_000_000)));
        c.put("resident_address", "서울특별시 종로구 세종대로 209");
      }
      case "kr.civil-servant" -> {
        c.put("expiry_date", today.plusYears(5).toString());
        c.put("issuing_authority", "행정안전부 (Ministry of the Interior and Safety)");
        c.put("organization", "행정안전부");
        c.put("department", "디지털정부혁신실");
        c.put("position", "행정사무관");
        c.put("employee_number", String.format("%08d", random.nextInt(100_000_000)));
      }
      case "kr.veteran" -> {
        c.put("expiry_date", today.plusYears(5).toString());
        c.put("issuing_authority", "국가보훈부 (Ministry of Patriots and Veterans Affairs)");
        c.put("registration_number", number);
        c.put("status_war_participant", true);
        c.put("status_combat_decorated", random.nextBoolean());
      }
      case "kr.frc" -> {
        c.put("expiry_date", today.plusYears(1).toString());
        c.put("issuing_authority", "법무부 (Ministry of Justice)");
        c.put("sex", random.nextBoolean() ? "F" : "M");
        c.put("nationality", "VN");
        c.put("residence_status", "E-9");
        c.put("stay_expiry_date", today.plusYears(1).toString());
        c.put("registration_number", number);
        c.put("family_name", "NGUYEN");
        c.put("given_name", "VAN AN");
      }
      case "kr.disability" -> {
        c.put("expiry_date", today.plusYears(5).toString());
        c.put("issuing_authority", "보건복지부 (Ministry of Health and Welfare)");
        c.put("disability_type", "지체장애 (physical)");
        c.put("disability_degree", "심하지 않은 장애 (not severe)");
        c.put("registration_number", number);
      }
      default -> throw new IllegalArgumentException("no sample applicants for " + credentialType);
    }
    return new Sample("sample:" + credentialType + ":" + number, c);
  }

  /** A small drawn head-and-shoulders silhouette as a PNG data URI. */
  static String portrait(RandomGenerator random) {
    BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0xdde6f0));
      g.fillRect(0, 0, 60, 80);
      g.setColor(new Color(60 + random.nextInt(60), 60 + random.nextInt(60), 90));
      g.fillOval(17, 12, 26, 30);
      g.fillRoundRect(8, 46, 44, 40, 20, 20);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
