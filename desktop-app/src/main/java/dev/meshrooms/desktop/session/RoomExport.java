package dev.meshrooms.desktop.session;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A room's bundle written to a file the user chose: under a temporary name first, moved in place only when whole. */
final class RoomExport {
    private static final Logger LOG = LoggerFactory.getLogger(RoomExport.class);
    private final MeshCore core;
    private final String sourceUrl;

    RoomExport(MeshCore core, String sourceUrl) {
        this.core = core;
        this.sourceUrl = sourceUrl;
    }

    void write(UUID roomId, Path file, ProgressListener progress, ExportTicket ticket) {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                core.exporter(sourceUrl).export(roomId, out, p -> {
                    if (ticket.cancelled()) {
                        throw new MeshException(
                                ErrorCode.CANCELLED,
                                "The export to " + target + " was cancelled; no file was written.");
                    }
                    progress.onProgress(p);
                });
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("exported room {} to {} ({} bytes)", roomId, target, Files.size(target));
        } catch (IOException e) {
            deleteQuietly(partial);
            if (!Files.isDirectory(target.getParent())) {
                throw new MeshException(
                        ErrorCode.INVALID_INPUT,
                        "The folder " + target.getParent() + " does not exist; choose another one for the bundle."
                                + " No file was left.",
                        e);
            }
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "The bundle could not be written to " + target + " (" + e.getMessage() + "); choose a folder you"
                            + " may write to, with room for it. No file was left.",
                    e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            if (ticket.cancelled()) {
                throw new MeshException(
                        ErrorCode.CANCELLED, "The export to " + target + " was cancelled; no file was written.", e);
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("{} could not be deleted after a failed export: {}", partial, e.getMessage());
        }
    }
}
