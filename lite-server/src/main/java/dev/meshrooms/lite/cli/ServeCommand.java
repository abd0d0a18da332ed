package dev.meshrooms.lite.cli;

import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run Mesh-Lite: the HTTP server on embedded (or configured) PostgreSQL and S3 storage.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    DataDirOption dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description =
                    "HTTP port (default: MESH_PORT, else " + LiteSettings.DEFAULT_PORT + "; 0 takes any free port).")
    Integer port;

    @Option(names = "--demo", description = "Create (once) the public room 'demo' with signed messages and pictures.")
    boolean demo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        LiteSettings settings = dataDir.settings(port);
        LOG.info("configuration: {}", Environment.describe(System.getenv()));
        LOG.info("data directory: {}", settings.dataDir());
        LiteServer server = LiteServer.start(settings, demo);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "mesh-lite-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Mesh-Lite is running at " + server.baseUrl());
        server.newAdminToken().ifPresent(token -> {
            out.println();
            out.println("Admin token (shown once; store it safely, it is kept only as a hash):");
            out.println("  " + token);
            out.println("Lost it? Whoever owns the data directory makes a new one with:");
            out.println("  mesh-lite tokens create --admin --data-dir " + settings.dataDir());
            out.println();
        });
        server.demo().ifPresent(room -> out.println("Demo room: " + server.baseUrl() + "/room/" + room.slug()));
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
