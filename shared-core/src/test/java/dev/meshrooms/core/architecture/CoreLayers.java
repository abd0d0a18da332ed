package dev.meshrooms.core.architecture;

import java.util.List;

/**
 * The core's layers, bottom up, each with its packages: the one list the architecture test enforces and the diagram
 * in docs/architecture.md must show (a test compares them). A layer may use the layers below it and its own.
 */
enum CoreLayers {
    BASE("error, io, progress, signature", "..core.error..", "..core.io..", "..core.progress..", "..core.signature.."),
    MODEL("model", "..core.model.."),
    INFRASTRUCTURE("db, job", "..core.db..", "..core.job.."),
    STORAGE("store, store.postgres", "..core.store.."),
    ROUTING("routing", "..core.routing.."),
    SERVICES(
            "auth, room, message, media, media.s3, health, billing, billing.stripe, upload, usage",
            "..core.auth..",
            "..core.room..",
            "..core.message..",
            "..core.media..",
            "..core.health..",
            "..core.billing..",
            "..core.upload..",
            "..core.usage.."),
    FEATURES(
            "shard, shard.aws, move, bundle, imports",
            "..core.shard..",
            "..core.move..",
            "..core.bundle..",
            "..core.imports.."),
    ROOT("MeshCore, CoreSettings", "dev.meshrooms.core");

    final String shown;
    final List<String> packages;

    CoreLayers(String shown, String... packages) {
        this.shown = shown;
        this.packages = List.of(packages);
    }

    String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
