package dev.meshrooms.desktop.architecture;

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
@DisplayName("The desktop app's architecture: no package cycles; rooms driven through the core's services")
class ArchitectureTest {
    private JavaClasses desktop;

    @BeforeAll
    void importClasses() {
        desktop = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meshrooms.desktop");
    }

    @Test
    @DisplayName("no package cycle")
    void noCycles() {
        slices().matching("dev.meshrooms.desktop.(**)")
                .should()
                .beFreeOfCycles()
                .check(desktop);
    }

    @Test
    @DisplayName(
            "no pools, stores, SQL, JDBC, or Mesh-Lite's HTTP internals: the core's services and Mesh-Lite's runtime only")
    void servicesOnly() {
        CoreBoundary.servicesOnly("..lite.http..").check(desktop);
    }
}
