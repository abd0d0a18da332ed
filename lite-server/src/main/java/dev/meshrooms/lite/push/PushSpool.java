package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.BundleNames;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * One room's push spool, {@code <data>/pushes/<room id>/}: the bundle last exported for pushing, what the room looked
 * like then (its fingerprint), the bundle's SHA-256 and size, and the upload URL each cloud gave it — so a push after
 * a dropped connection, Ctrl-C or a restart goes on from the cloud's offset instead of starting again — and the
 * copies finished pushes made on clouds ({@code pushed.json}).
 */
final class PushSpool {
    private static final ObjectMapper JSON = MeshCore.json();
    /** The copies pushes made on clouds: kept while the room is here. */
    static final String PUSHED = "pushed.json";

    private final Path folder;
    private final UUID roomId;
    private State state;

    /** What {@code push.json} holds: per cloud, the upload of this bundle and the import job started from it. */
    record State(String fingerprint, String sha256, long size, Map<String, String> uploads, Map<String, String> jobs) {
        State {
            uploads = new LinkedHashMap<>(uploads == null ? Map.of() : uploads);
            jobs = new LinkedHashMap<>(jobs == null ? Map.of() : jobs);
        }
    }

    private PushSpool(Path folder, UUID roomId, State state) {
        this.folder = folder;
        this.roomId = roomId;
        this.state = state;
    }

    static PushSpool open(Path pushes, UUID roomId) {
        Path folder = pushes.resolve(roomId.toString());
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve("push.json");
            State state = Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : null;
            return new PushSpool(folder, roomId, state);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "the push spool " + folder + " cannot be read or made (" + e.getMessage()
                            + "); check the data directory's permissions, or delete that folder to start afresh",
                    e);
        }
    }

    Path bundle() {
        return folder.resolve(BundleNames.fileName(roomId));
    }

    /** Where a new export is written before it replaces the spooled bundle. */
    Path partial() {
        return folder.resolve(BundleNames.fileName(roomId) + ".part");
    }

    /** True when the spooled bundle was exported from the room as it is now ({@code fingerprint}) and is intact. */
    boolean holds(String fingerprint) {
        try {
            return state != null
                    && state.fingerprint().equals(fingerprint)
                    && Files.isRegularFile(bundle())
                    && Files.size(bundle()) == state.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** A new export replaces the spooled bundle; uploads of the old one are forgotten. */
    void replace(String fingerprint, String sha256, long size) {
        try {
            Files.move(partial(), bundle(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state = new State(fingerprint, sha256, size, Map.of(), Map.of());
        save();
    }

    String sha256() {
        return state.sha256();
    }

    long size() {
        return state.size();
    }

    /** The upload URL {@code cloud} gave this bundle, or null. */
    URL upload(String cloud) {
        String url = state.uploads().get(cloud);
        try {
            return url == null ? null : new URL(url);
        } catch (java.net.MalformedURLException e) {
            return null;
        }
    }

    void rememberUpload(String cloud, URL url) {
        state.uploads().put(cloud, url.toString());
        save();
    }

    void forgetUpload(String cloud) {
        if (state.uploads().remove(cloud) != null) {
            save();
        }
    }

    /** The import job {@code cloud} runs (or ran) for this bundle, or null. */
    String job(String cloud) {
        return state.jobs().get(cloud);
    }

    /** The upload became an import job: the next push follows the job instead of uploading again. */
    void startedJob(String cloud, String jobId) {
        state.uploads().remove(cloud);
        state.jobs().put(cloud, jobId);
        save();
    }

    void forgetJob(String cloud) {
        if (state.jobs().remove(cloud) != null) {
            save();
        }
    }

    /** The copies earlier pushes made on clouds (from {@code pushed.json}), the latest first; none when unreadable. */
    List<PushedCopy> copies() {
        return copies(folder);
    }

    static List<PushedCopy> copies(Path folder) {
        Path file = folder.resolve(PUSHED);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            // a later version's added fields are skipped, not a reason to forget every copy
            PushedCopy[] copies = JSON.readerFor(PushedCopy[].class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile());
            return List.of(copies);
        } catch (IOException e) {
            LoggerFactory.getLogger(PushSpool.class)
                    .warn("{} could not be read ({}); the room's copies on clouds are not shown", file, e.getMessage());
            return List.of();
        }
    }

    /** Records a copy a push made; an earlier record of the same copy (a re-run of the push) is replaced. */
    void pushed(PushedCopy copy) {
        List<PushedCopy> copies = new ArrayList<>();
        copies.add(copy);
        copies().stream()
                .filter(c -> !(c.cloud().equals(copy.cloud()) && c.cloudRoomId().equals(copy.cloudRoomId())))
                .forEach(copies::add);
        write(PUSHED, copies);
    }

    private void save() {
        write("push.json", state);
    }

    private void write(String name, Object value) {
        Path file = folder.resolve(name);
        Path temp = folder.resolve(name + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), value);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
