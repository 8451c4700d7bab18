package io.smile.he;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's architecture, one way only: {@code ring} (arithmetic) → {@code rlwe} (keys, key
 * switching) → {@code bgv} (the scheme) → {@code wire} (the byte format); {@code multiparty}
 * builds on all four; {@code bgv.api} adapts the engine to he-api and nothing uses it back. The
 * engine itself needs nothing but the JDK (java.*, javax.crypto) and he-api.
 */
class LayeringTest {
    static final String RING = "io.smile.he.ring..";
    static final String RLWE = "io.smile.he.rlwe..";
    static final String BGV = "io.smile.he.bgv";
    static final String WIRE = "io.smile.he.wire..";
    static final String MULTIPARTY = "io.smile.he.multiparty..";
    static final String ADAPTER = "io.smile.he.bgv.api..";
    static final String HE_API = "io.smile.he.api..";
    static final String[] ENGINE = {RING, RLWE, "io.smile.he.bgv..", WIRE, MULTIPARTY};

    private static JavaClasses engine;

    @BeforeAll
    static void load() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.smile.he");
    }

    /** The layers and who may use each; he-api is imported too, so it may not reach into the engine either. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("ring").definedBy(RING)
                .layer("rlwe").definedBy(RLWE)
                .layer("bgv").definedBy(BGV)
                .layer("wire").definedBy(WIRE)
                .layer("multiparty").definedBy(MULTIPARTY)
                .layer("bgv.api").definedBy(ADAPTER)
                .layer("he-api").definedBy(HE_API)
                .whereLayer("bgv.api").mayNotBeAccessedByAnyLayer()
                .whereLayer("multiparty").mayNotBeAccessedByAnyLayer()
                .whereLayer("wire").mayOnlyBeAccessedByLayers("multiparty", "bgv.api")
                .whereLayer("bgv").mayOnlyBeAccessedByLayers("wire", "multiparty", "bgv.api")
                .whereLayer("rlwe").mayOnlyBeAccessedByLayers("bgv", "wire", "multiparty", "bgv.api")
                .whereLayer("ring").mayOnlyBeAccessedByLayers("rlwe", "bgv", "wire", "multiparty", "bgv.api")
                // the scheme takes its preset sizes and the security bound from he-api; only the adapter implements it
                .whereLayer("he-api").mayOnlyBeAccessedByLayers("bgv", "bgv.api");
    }

    @Test
    void layersDependOneWayOnly() {
        layers().check(engine);
    }

    @Test
    void engineDependsOnlyOnTheJdkAndHeApi() {
        classes().that().resideInAnyPackage(ENGINE)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", RING, RLWE,
                        "io.smile.he.bgv..", WIRE, MULTIPARTY, HE_API)
                .check(engine);
    }

    /** Below the adapter, he-api is a table of facts (preset sizes, the security bound), not an interface to call. */
    @Test
    void belowTheAdapterOnlyHeApisTablesAreUsed() {
        noClasses().that().resideInAnyPackage(RING, RLWE, BGV, WIRE, MULTIPARTY)
                .should().dependOnClassesThat(resideInAPackage(HE_API)
                        .and(not(type(HePreset.class).or(type(HeSecurityStandard.class)))))
                .check(engine);
    }
}
