package kr.kdid.issuer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The issuer's relational database: an embedded H2 file by default, PostgreSQL in production.
 * Opening it applies the schema migrations (Flyway, {@code db/issuer}). Thread-safe.
 */
public final class IssuerDatabase implements AutoCloseable {
  private final HikariDataSource pool;

  private IssuerDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects and migrates.
   *
   * @param jdbcUrl e.g. {@code jdbc:h2:file:/var/lib/kdid/issuer/db} or {@code
   *     jdbc:postgresql://127.0.0.1:5432/kdid}
   * @throws IssuerStoreException if the database cannot be reached or migrated
   */
  public static IssuerDatabase open(String jdbcUrl, String user, String password) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    if (user != null) {
      cfg.setUsername(user);
    }
    if (password != null) {
      cfg.setPassword(password);
    }
    cfg.setMaximumPoolSize(16);
    cfg.setPoolName("kdid-issuer");
    cfg.setInitializationFailTimeout(10_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new IssuerStoreException("cannot connect to the issuer database " + redact(jdbcUrl), e);
    }
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/issuer")
          .table("issuer_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new IssuerStoreException("cannot migrate the issuer database: " + e.getMessage(), e);
    }
    return new IssuerDatabase(ds);
  }

  /** An embedded H2 database in a directory. */
  public static IssuerDatabase embedded(java.nio.file.Path dir) {
    return open(
        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("issuer") + ";AUTO_SERVER=FALSE", "sa", "");
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
