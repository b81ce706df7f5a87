package kr.kdid.web.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A service's relational database (issuer, verifier): an embedded H2 file by default, PostgreSQL in
 * production. Opening it applies the service's schema migrations (Flyway, {@code
 * classpath:db/<name>}, history in {@code <name>_schema_history}). Thread-safe.
 */
public final class ServiceDatabase implements AutoCloseable {
  private final String name;
  private final HikariDataSource pool;

  private ServiceDatabase(String name, HikariDataSource pool) {
    this.name = name;
    this.pool = pool;
  }

  /** The service's name ("issuer", "verifier"). */
  public String name() {
    return name;
  }

  /**
   * Connects and migrates.
   *
   * @param name the service ("issuer"): names the migrations, history table and pool
   * @param jdbcUrl e.g. {@code jdbc:h2:file:/var/lib/kdid/issuer/db} or {@code
   *     jdbc:postgresql://127.0.0.1:5432/kdid}
   * @throws DatabaseException if the database cannot be reached or migrated
   */
  public static ServiceDatabase open(String name, String jdbcUrl, String user, String password) {
    return open(name, jdbcUrl, user, password, null);
  }

  /**
   * Connects and migrates into a schema of its own, so that several instances of a service (the
   * issuing bodies of {@code kdid up}) can share one PostgreSQL database.
   *
   * @param schema the schema (created if missing), or null for the connection's default
   * @throws DatabaseException if the database cannot be reached or migrated
   */
  public static ServiceDatabase open(
      String name, String jdbcUrl, String user, String password, String schema) {
    if (schema != null && !schema.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("schema must be a-z 0-9 _: " + schema);
    }
    if (!name.matches("[a-z]{1,20}")) {
      throw new IllegalArgumentException("service name must be a-z: " + name);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    if (user != null) {
      cfg.setUsername(user);
    }
    if (password != null) {
      cfg.setPassword(password);
    }
    if (schema != null) {
      cfg.setSchema(schema);
    }
    cfg.setMaximumPoolSize(16);
    cfg.setPoolName("kdid-" + name + (schema == null ? "" : "-" + schema));
    cfg.setInitializationFailTimeout(10_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new DatabaseException(
          "cannot connect to the " + name + " database " + redact(jdbcUrl), e);
    }
    try {
      var flyway = Flyway.configure();
      if (schema != null) {
        flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
      }
      flyway
          .dataSource(ds)
          .locations("classpath:db/" + name)
          .table(name + "_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new DatabaseException("cannot migrate the " + name + " database: " + e.getMessage(), e);
    }
    return new ServiceDatabase(name, ds);
  }

  /**
   * An embedded H2 database file {@code <dir>/<name>}. H2 does not close it from its own shutdown
   * hook ({@code DB_CLOSE_ON_EXIT=FALSE}): K-DID's stop sequence still writes to it (the last
   * issuance events are anchored) and then closes it through {@link #close}.
   */
  public static ServiceDatabase embedded(String name, java.nio.file.Path dir) {
    return open(
        name,
        "jdbc:h2:file:"
            + dir.toAbsolutePath().resolve(name)
            + ";AUTO_SERVER=FALSE;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "");
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&;]*", "password=***");
  }

  public DataSource dataSource() {
    return pool;
  }

  /** A connection from the pool (close it). */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.close();
  }
}
