package dev.meshrooms.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import dev.meshrooms.core.MeshCore;
import java.util.stream.Stream;

/** The rule the core's users (Mesh-Lite, the desktop app) keep: the core is reached through its services, never its plumbing. */
public final class CoreBoundary {
    private CoreBoundary() {}

    /** No pools, stores, SQL, JDBC or {@code MeshCore.internals()}; {@code alsoForbidden}: further packages. */
    public static ArchRule servicesOnly(String... alsoForbidden) {
        String[] packages = Stream.concat(
                        Stream.of("..core.store.postgres..", "..core.db..", "java.sql..", "javax.sql.."),
                        Stream.of(alsoForbidden))
                .toArray(String[]::new);
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(MeshCore.Internals.class.getName())
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("ConnectionPools")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("RoomStores")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("RoomStore")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("RoomSnapshot");
    }
}
