package kr.kdid.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of DESIGN.md §4, enforced: dependencies point from the edges (HTTP,
 * storage, consensus, CLI) to the core, never back.
 */
class ArchitectureTest {
  private static final String[] EDGES = {
    "io.javalin..", "org.eclipse.jetty..", "org.rocksdb..", "org.apache.ratis..", "picocli.."
  };
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("kr.kdid");
  }

  @Test
  void coreDependsOnNothingOfOursAndNoEdge() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("kr.kdid.ledger..", "kr.kdid.node..", "kr.kdid.web..", "kr.kdid.app..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(EDGES)
        .check(classes);
  }

  @Test
  void theLedgerDomainHasNoHttpStorageOrConsensusImports() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(EDGES)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("kr.kdid.node..", "kr.kdid.web..", "kr.kdid.app..")
        .check(classes);
  }

  @Test
  void consensusStaysInTheOrderingAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("kr.kdid.node.ordering..")
        .and()
        .resideInAPackage("kr.kdid..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.ratis..")
        .check(classes);
  }

  @Test
  void theWebEdgeKnowsNoLedger() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("kr.kdid.ledger..", "kr.kdid.node..", "kr.kdid.app..")
        .check(classes);
  }

  @Test
  void theNodeDoesNotReachIntoTheLauncher() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.node..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("kr.kdid.app..", "picocli..")
        .check(classes);
  }

  @Test
  void credentialsKnowNoLedgerServiceOrEdge() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.credentials..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "kr.kdid.ledger..",
            "kr.kdid.node..",
            "kr.kdid.web..",
            "kr.kdid.issuer..",
            "kr.kdid.verifier..",
            "kr.kdid.wallet..",
            "kr.kdid.app..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(EDGES)
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
            "kr.kdid.issuer..",
            "kr.kdid.verifier..",
            "kr.kdid.app..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "org.rocksdb..",
            "java.sql..")
        .check(classes);
  }

  @Test
  void servicesReachTheLedgerOnlyThroughTheGateway() {
    noClasses()
        .that()
        .resideInAnyPackage("kr.kdid.issuer..", "kr.kdid.verifier..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "kr.kdid.node..", "kr.kdid.app..", "kr.kdid.wallet..", "org.rocksdb..", "picocli..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("kr.kdid.ledger.machine..", "kr.kdid.ledger.query..")
        .check(classes);
  }

  @Test
  void issuerAndVerifierDoNotKnowEachOther() {
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.issuer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("kr.kdid.verifier..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("kr.kdid.verifier..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("kr.kdid.issuer..")
        .check(classes);
  }
}
