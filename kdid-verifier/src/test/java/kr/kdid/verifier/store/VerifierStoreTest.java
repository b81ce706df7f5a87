package kr.kdid.verifier.store;

import java.nio.file.Path;
import kr.kdid.web.db.ServiceDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded H2 database (the default). */
class VerifierStoreTest extends VerifierStoreContract {
  @TempDir static Path dir;
  static ServiceDatabase db;

  @BeforeAll
  static void open() {
    db = ServiceDatabase.embedded("verifier", dir);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Override
  ServiceDatabase db() {
    return db;
  }
}
