package kr.kdid.verifier.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import kr.kdid.web.db.ServiceDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store on PostgreSQL (production), in a throwaway database created for this run and dropped
 * after it. Needs a server at 127.0.0.1:5432 that lets user postgres in without a password; skipped
 * (not failed) when there is none.
 */
class VerifierStorePostgresIT extends VerifierStoreContract {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";
  static String database;
  static ServiceDatabase db;

  @BeforeAll
  static void create() throws SQLException {
    database =
        "kdid_verifier_it_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      assumeTrue(
          false, "no PostgreSQL server at 127.0.0.1:5432 for user postgres: " + e.getMessage());
    }
    db = ServiceDatabase.open("verifier", SERVER + database, USER, null);
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
    if (database != null) {
      try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null);
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + database);
      } catch (SQLException e) {
        // The server went away; nothing left to clean up from here.
      }
    }
  }

  @Override
  ServiceDatabase db() {
    return db;
  }
}
