package io.smile.he;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's layers depend one way only: ring -> rlwe -> bgv -> wire / api adapter. */
class LayeringTest {
    private static JavaClasses engine;

    @BeforeAll
    static void load() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.smile.he");
    }

    @Test
    void ringDependsOnNothingAbove() {
        noClasses().that().resideInAPackage("io.smile.he.ring..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smile.he.rlwe..", "io.smile.he.bgv..", "io.smile.he.wire..")
                .check(engine);
    }

    @Test
    void rlweDependsOnlyOnRing() {
        noClasses().that().resideInAPackage("io.smile.he.rlwe..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smile.he.bgv..", "io.smile.he.wire..")
                .check(engine);
    }

    @Test
    void schemeDoesNotDependOnSerialization() {
        noClasses().that().resideInAPackage("io.smile.he.bgv")
                .should().dependOnClassesThat().resideInAnyPackage("io.smile.he.wire..", "io.smile.he.bgv.api..")
                .check(engine);
    }
}
