package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.meshrooms.core.MeshCore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds bundles for tests, hostile ones included: unpack a real export, change, drop, reorder or add entries of any
 * tar type and name (absolute, "..", links, devices, FIFOs, duplicates), optionally re-hash metadata.json so that only
 * the intended fault remains, and pack again as tar + zstd.
 */
final class BundleBuilder {
    private static final ObjectMapper JSON = MeshCore.json();
    private final List<Part> parts = new ArrayList<>();

    /** One tar entry: a name, a type flag ({@link TarConstants}), a link target for links, and its bytes. */
    record Part(String name, byte type, String linkName, byte[] content) {}

    private BundleBuilder() {}

    static BundleBuilder empty() {
        return new BundleBuilder();
    }

    /** The entries of a bundle, in order, as regular files. */
    static BundleBuilder from(byte[] bundle) {
        BundleBuilder builder = new BundleBuilder();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new ZstdInputStream(new ByteArrayInputStream(bundle)), "UTF-8")) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                builder.parts.add(
                        new Part(entry.getName(), entry.getLinkFlag(), entry.getLinkName(), tar.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder;
    }

    List<String> names() {
        return parts.stream().map(Part::name).toList();
    }

    /** The media entries (media/...), in archive order. */
    List<String> mediaNames() {
        return names().stream()
                .filter(n -> n.startsWith(BundleNames.MEDIA_PREFIX))
                .toList();
    }

    byte[] content(String name) {
        return parts.get(indexOf(name)).content().clone();
    }

    /** Replaces the bytes of an entry in place. */
    BundleBuilder put(String name, byte[] content) {
        int i = indexOf(name);
        Part old = parts.get(i);
        parts.set(i, new Part(old.name(), old.type(), old.linkName(), content));
        return this;
    }

    /** Appends a regular file (a second one of the same name is a duplicate). */
    BundleBuilder add(String name, byte[] content) {
        return add(new Part(name, TarConstants.LF_NORMAL, null, content));
    }

    BundleBuilder add(Part part) {
        parts.add(part);
        return this;
    }

    BundleBuilder insert(int index, Part part) {
        parts.add(index, part);
        return this;
    }

    /** Replaces the whole entry (name, type, link) in place, keeping its position. */
    BundleBuilder replace(String name, Part part) {
        parts.set(indexOf(name), part);
        return this;
    }

    BundleBuilder remove(String name) {
        parts.remove(indexOf(name));
        return this;
    }

    BundleBuilder move(String name, int index) {
        Part part = parts.remove(indexOf(name));
        parts.add(index, part);
        return this;
    }

    BundleBuilder rename(String name, String newName) {
        Part old = parts.get(indexOf(name));
        return replace(name, new Part(newName, old.type(), old.linkName(), old.content()));
    }

    /** Edits metadata.json as a JSON tree (fields may be set to anything, valid or not). */
    BundleBuilder metadata(Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(content(BundleNames.METADATA));
            edit.accept(tree);
            return put(
                    BundleNames.METADATA, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edits db.sql as text. */
    BundleBuilder dbSql(UnaryOperator<String> edit) {
        return put(
                BundleNames.DB_SQL,
                edit.apply(new String(content(BundleNames.DB_SQL), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the sizes and SHA-256 of db.sql and of every media file present into metadata.json, so that a change to
     * their bytes is not caught by a hash but by whatever check the test is about.
     */
    BundleBuilder rehash() {
        return metadata(tree -> {
            ObjectNode db = (ObjectNode) tree.get("dbSql");
            byte[] sql = content(BundleNames.DB_SQL);
            db.put("size", sql.length)
                    .put("sha256", Hashing.hex(Hashing.sha256().digest(sql)));
            for (JsonNode file : tree.get("media")) {
                String name = BundleNames.MEDIA_PREFIX + file.get("key").asText();
                if (indexOfOrMinus(name) >= 0) {
                    byte[] bytes = content(name);
                    ((ObjectNode) file)
                            .put("size", bytes.length)
                            .put("sha256", Hashing.hex(Hashing.sha256().digest(bytes)));
                }
            }
        });
    }

    /** tar (PAX, names kept exactly as given) compressed with zstd. */
    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(out, 3), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Part part : parts) {
                TarArchiveEntry entry = new TarArchiveEntry(part.name(), part.type(), true);
                if (part.linkName() != null && !part.linkName().isEmpty()) {
                    entry.setLinkName(part.linkName());
                }
                entry.setMode(0644);
                entry.setSize(part.content().length);
                tar.putArchiveEntry(entry);
                tar.write(part.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code length} bytes of the built bundle. */
    byte[] buildTruncated(int length) {
        return Arrays.copyOf(build(), length);
    }

    private int indexOf(String name) {
        int i = indexOfOrMinus(name);
        if (i < 0) {
            throw new IllegalArgumentException("no entry " + name + " in " + names());
        }
        return i;
    }

    private int indexOfOrMinus(String name) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
