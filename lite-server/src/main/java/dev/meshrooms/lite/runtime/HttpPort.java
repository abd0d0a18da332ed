package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.config.LiteSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The HTTP port a server is about to take: checked before anything slow starts, and named when it is taken. */
final class HttpPort {
    private HttpPort() {}

    /** Fails with one sentence when another program listens on the configured port (0: any free port, nothing to check). */
    static void requireFree(LiteSettings settings) {
        if (settings.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.host(), settings.port()));
        } catch (IOException e) {
            throw inUse(settings, e);
        }
    }

    /** The failure of a server that could not listen: the port-in-use sentence when that is why, else the cause. */
    static RuntimeException listenFailed(LiteSettings settings, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return inUse(settings, e);
            }
        }
        return e;
    }

    private static MeshException inUse(LiteSettings settings, Exception cause) {
        return new MeshException(
                ErrorCode.CONFIGURATION,
                "port " + settings.port() + " on " + settings.host()
                        + " is in use by another program: choose another with --port PORT or MESH_PORT, or stop the program"
                        + " that holds it.",
                cause);
    }
}
