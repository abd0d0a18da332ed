package dev.meshrooms.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The core's architecture: layers without cycles, ports apart from their adapters, no UI or HTTP server")
class ArchitectureTest {
    private JavaClasses core;

    @BeforeAll
    void importClasses() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meshrooms.core");
    }

    @Test
    @DisplayName("no package cycle anywhere in the core")
    void noCycles() {
        slices().matching("dev.meshrooms.core.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    @DisplayName("each layer uses only the layers below it (model → ports → services → features → root)")
    void layers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (CoreLayers layer : CoreLayers.values()) {
            layers = layers.layer(layer.title()).definedBy(layer.packages.toArray(String[]::new));
        }
        List<CoreLayers> all = Arrays.asList(CoreLayers.values());
        for (int i = 0; i < all.size() - 1; i++) {
            String[] above = all.subList(i + 1, all.size()).stream()
                    .map(CoreLayers::title)
                    .toArray(String[]::new);
            layers = layers.whereLayer(all.get(i).title()).mayOnlyBeAccessedByLayers(above);
        }
        layers = layers.whereLayer(CoreLayers.ROOT.title()).mayNotBeAccessedByAnyLayer();
        layers.check(core);
    }

    @Test
    @DisplayName("ports know nothing of their adapters: store not postgres, media not s3, shard not aws")
    void portsApartFromAdapters() {
        noClasses()
                .that()
                .resideInAPackage("dev.meshrooms.core.store")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..store.postgres..")
                .check(core);
        noClasses()
                .that()
                .resideInAPackage("dev.meshrooms.core.media")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..media.s3..")
                .check(core);
        noClasses()
                .that()
                .resideInAPackage("dev.meshrooms.core.billing")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..billing.stripe..", "com.stripe..")
                .check(core);
        noClasses()
                .that()
                .resideInAPackage("dev.meshrooms.core.shard")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..shard.aws..")
                .check(core);
    }

    @Test
    @DisplayName("the core has no UI and no HTTP server: no JavaFX, Javalin, Jetty server or servlets")
    void noUiNoServer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "io.javalin..", "org.eclipse.jetty.server..", "jakarta.servlet..")
                .check(core);
    }

    @Test
    @DisplayName("docs/architecture.md shows these layers, in this order, with these packages")
    void diagramMatches() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "architecture.md"));
        int start = doc.indexOf("```mermaid\nflowchart BT\n%% layers");
        assertThat(start).as("the layer diagram in docs/architecture.md").isNotNegative();
        String diagram = doc.substring(start, doc.indexOf("```", start + 10));
        int last = -1;
        for (CoreLayers layer : CoreLayers.values()) {
            String node = layer.name() + "[\"<b>" + layer.title() + "</b><br/>" + layer.shown + "\"]";
            int at = diagram.indexOf(node);
            assertThat(at).as("the diagram's node %s", node).isGreaterThan(last);
            last = at;
        }
    }
}
