package dev.meshrooms.lite.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.meshrooms.core.testing.CoreBoundary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName(
        "Mesh-Lite's architecture: no package cycles, the CLI apart from HTTP, the core reached through its services")
class ArchitectureTest {
    private JavaClasses lite;

    @BeforeAll
    void importClasses() {
        lite = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meshrooms.lite");
    }

    @Test
    @DisplayName("no package cycle: controllers, their shared support, the app and the runtime point one way")
    void noCycles() {
        slices().matching("dev.meshrooms.lite.(**)").should().beFreeOfCycles().check(lite);
    }

    @Test
    @DisplayName("the CLI does not use HTTP classes")
    void cliApartFromHttp() {
        noClasses()
                .that()
                .resideInAPackage("..lite.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..lite.http..")
                .check(lite);
    }

    @Test
    @DisplayName(
            "nothing reaches around the core's services: no pools, room stores, SQL or JDBC (the directories are the core's API)")
    void servicesOnly() {
        CoreBoundary.servicesOnly().check(lite);
    }
}
