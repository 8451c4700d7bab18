package io.smile.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph as a rule, checked on the classes the command line ships (every module but the
 * cloud service, which is the other composition root and is checked by its own build): libraries
 * depend downwards only, and nothing below the composition roots depends on picocli or on the
 * embedded broker.
 */
class ModuleGraphTest {
    private static JavaClasses product;

    @BeforeAll
    static void load() {
        // production classes only: test directories, test-jars (the edge's and pdm's fixtures) and the
        // test kit (a test-scope module that starts the embedded broker by design) are left out
        ImportOption noTestJars = location -> !location.contains("-tests.jar") && !location.contains("smile-testkit");
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(noTestJars)
                .importPackages("io.smile");
    }

    @Test
    void onlyTheCommandLineDependsOnPicocli() {
        noClasses().that().resideOutsideOfPackage("io.smile.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(product);
    }

    @Test
    void onlyTheCommandLineStartsTheEmbeddedBroker() {
        noClasses().that().resideOutsideOfPackages("io.smile.cli..", "io.smile.broker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smile.broker..", "com.hivemq..")
                .check(product);
    }

    @Test
    void modulesDependDownwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("engine").definedBy("io.smile.he..")
                .layer("foundations").definedBy("io.smile.profiles..", "io.smile.data..", "io.smile.protocol..")
                .layer("simulator").definedBy("io.smile.simulator..")
                .layer("broker").definedBy("io.smile.broker..")
                .layer("federation runtime").definedBy("io.smile.federation..")
                .layer("jobs").definedBy("io.smile.pdm..", "io.smile.workforce..")
                .layer("edge").definedBy("io.smile.edge..")
                .layer("command line").definedBy("io.smile.cli..")
                .whereLayer("command line").mayNotBeAccessedByAnyLayer()
                .whereLayer("edge").mayOnlyBeAccessedByLayers("command line")
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("edge", "command line")
                .whereLayer("federation runtime").mayOnlyBeAccessedByLayers("jobs", "command line")
                .whereLayer("broker").mayOnlyBeAccessedByLayers("command line")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("command line")
                .whereLayer("foundations").mayOnlyBeAccessedByLayers("simulator", "federation runtime", "jobs", "edge",
                        "command line")
                .check(product);
    }

    @Test
    void theTwoJobsAreIndependent() {
        noClasses().that().resideInAPackage("io.smile.pdm..")
                .should().dependOnClassesThat().resideInAPackage("io.smile.workforce..").check(product);
        noClasses().that().resideInAPackage("io.smile.workforce..")
                .should().dependOnClassesThat().resideInAPackage("io.smile.pdm..").check(product);
    }

    @Test
    void theEdgeUsesTheModelNotTheTraining() {
        noClasses().that().resideInAPackage("io.smile.edge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smile.pdm.training..", "io.smile.pdm.federated..",
                        "io.smile.federation..")
                .check(product);
    }
}
