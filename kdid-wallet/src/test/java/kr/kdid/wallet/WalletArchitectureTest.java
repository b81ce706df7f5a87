package kr.kdid.wallet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK stays usable on Android: only the {@code jdk} adapters may use {@code java.net.http} and
 * {@code java.awt}/ZXing's javase, only the {@code cli} may use picocli, and nothing reaches into
 * the ledger, node, web or launcher modules.
 */
class WalletArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("kr.kdid.wallet");
  }

  @Test
  void theSdkUsesNoDesktopOrServerLibraries() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.wallet..")
        .and()
        .resideOutsideOfPackages("kr.kdid.wallet.jdk..", "kr.kdid.wallet.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net.http..",
            "java.awt..",
            "javax.imageio..",
            "com.google.zxing..",
            "picocli..",
            "com.sun.net.httpserver..")
        .check(classes);
  }

  @Test
  void onlyTheCliUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("kr.kdid.wallet.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }

  @Test
  void theWalletDependsOnCoreAndCredentialsOnly() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.wallet..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "kr.kdid.ledger..",
            "kr.kdid.node..",
            "kr.kdid.web..",
            "kr.kdid.app..",
            "kr.kdid.issuer..",
            "kr.kdid.verifier..",
            "io.javalin..",
            "org.rocksdb..",
            "java.sql..")
        .check(classes);
  }
}
