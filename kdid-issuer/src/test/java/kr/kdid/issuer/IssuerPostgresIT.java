package kr.kdid.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.web.db.ServiceDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer on PostgreSQL (the production database): a throwaway database on the local server
 * (127.0.0.1:5432, user postgres), migrated by Flyway, then the whole issuance and revocation.
 * Skipped, not failed, where no PostgreSQL server runs.
 */
class IssuerPostgresIT {
  static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  String dbName;

  @BeforeEach
  void createDatabase() {
    dbName = "kdid_it_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + dbName);
    } catch (SQLException e) {
      Assumptions.abort("no PostgreSQL server on 127.0.0.1:5432: " + e.getMessage());
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
    }
  }

  @Test
  void issuesAndRevokesOnPostgres(@TempDir Path dir) throws Exception {
    ServiceDatabase db =
        ServiceDatabase.open(
            "issuer", "jdbc:postgresql://127.0.0.1:5432/" + dbName, "postgres", "");
    try (IssuerFixture f = new IssuerFixture(dir, db, true)) {
      TestHolder holder = new TestHolder(f);
      JsonNode offer = f.offer(f.enrolDriver(30));
      String token = holder.accessToken(offer);
      String nonce = holder.nonce();
      HttpResponse<String> r =
          holder.credential(
              token,
              TestHolder.request(
                  List.of(
                      holder.goodProof(TestHolder.newKey(), nonce),
                      holder.goodProof(TestHolder.newKey(), nonce))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode resp = Json.parse(r.body());
      assertThat(resp.path("credentials")).hasSize(2);

      // Single use holds on PostgreSQL too.
      assertThat(
              holder
                  .credential(
                      token,
                      TestHolder.request(
                          List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))))
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> revoke =
          f.admin(
              "POST",
              "/admin/issuers/police/batches/" + resp.path("kdid_batch_id").asText() + "/status",
              Json.object().put("status", "revoked"));
      assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
      // The issuance and the revocation, each anchored as its own commitment.
      assertThat(f.issuer.flushAnchors()).isEqualTo(2);
      assertThat(f.issuer.store().eventsOfBatch(resp.path("kdid_batch_id").asText()))
          .extracting(IssuerStore.EventRow::kind)
          .containsExactly("issuance", "revocation");
      assertThat(f.issuer.store().statusLists()).hasSize(1);
      assertThat(f.issuer.store().statusLists().get(0).ledgerVersion()).isEqualTo(2);
    }
  }

  @Test
  void issuingBodiesShareOneDatabaseInSchemasOfTheirOwn() {
    String url = "jdbc:postgresql://127.0.0.1:5432/" + dbName;
    try (ServiceDatabase police = ServiceDatabase.open("issuer", url, "postgres", "");
        ServiceDatabase mois = ServiceDatabase.open("issuer", url, "postgres", "", "issuer_mois")) {
      IssuerStore a = new IssuerStore(police);
      IssuerStore b = new IssuerStore(mois);
      assertThat(
              a.insertApplicant(new IssuerStore.Applicant("app-1", "person-1", Json.object(), 1L)))
          .isTrue();
      assertThat(a.applicant("app-1")).isPresent();
      assertThat(b.applicant("app-1")).isEmpty();
      assertThat(
              b.insertApplicant(new IssuerStore.Applicant("app-1", "person-1", Json.object(), 1L)))
          .isTrue();
    }
  }
}
