package dev.meshrooms.core.bundle;

import com.github.luben.zstd.ZstdInputStream;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.Streams;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads an untrusted bundle entry by entry, streaming. Refuses anything but regular files named
 * {@code metadata.json}, {@code db.sql} or {@code media/<safe key>} (directories under media/ are skipped), duplicate
 * names, and streams that grow beyond the limits on entries, total size or compression ratio. Computes the SHA-256
 * of the whole bundle as it goes.
 */
final class BundleReader implements AutoCloseable {
    private final String bundleName;
    private final BundleLimits limits;
    private final Counting compressed;
    private final Counting uncompressed;
    private final MessageDigest bundleSha = Hashing.sha256();
    private final TarArchiveInputStream tar;
    private final Set<String> seen = new HashSet<>();
    private long entries;

    /** An entry's name and declared size; read its bytes from {@link #content()} before asking for the next. */
    record Entry(String name, long size, InputStream content) {}

    BundleReader(InputStream raw, String bundleName, BundleLimits limits) {
        this.bundleName = bundleName;
        this.limits = limits;
        this.compressed = new Counting(new DigestInputStream(raw, bundleSha), null);
        try {
            this.uncompressed = new Counting(new ZstdInputStream(compressed), this);
        } catch (IOException e) {
            throw BundleException.invalid(bundleName, "is not a zstd stream (" + e.getMessage() + ")");
        }
        this.tar = new TarArchiveInputStream(uncompressed, "UTF-8");
    }

    /** The next entry, or null at the end of the archive. */
    Entry next() {
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (MeshException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw corrupt(e);
            }
            if (entry == null) {
                return null;
            }
            if (++entries > limits.maxEntries()) {
                throw BundleException.invalid(
                        bundleName, "has more than " + limits.maxEntries() + " entries (a tar bomb?)");
            }
            String name = entry.getName();
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            checkName(name);
            if (entry.isDirectory()) {
                if (!name.equals("media/") && !name.startsWith(BundleNames.MEDIA_PREFIX)) {
                    throw BundleException.invalid(bundleName, "directory entry " + quote(name) + " is outside media/");
                }
                continue;
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw BundleException.invalid(
                        bundleName, "entry " + quote(name) + " is a link; bundles hold regular files only");
            }
            if (!isRegularFile(entry)) {
                throw BundleException.invalid(
                        bundleName,
                        "entry " + quote(name) + " is a device, FIFO or other special file;"
                                + " bundles hold regular files only");
            }
            if (!seen.add(name)) {
                throw BundleException.invalid(bundleName, "entry " + quote(name) + " appears twice");
            }
            if (!name.equals(BundleNames.METADATA)
                    && !name.equals(BundleNames.DB_SQL)
                    && !(name.startsWith(BundleNames.MEDIA_PREFIX) && BundleNames.isSafeMediaKey(name.substring(6)))) {
                throw BundleException.invalid(
                        bundleName,
                        "entry " + quote(name) + " is not metadata.json, db.sql or a file"
                                + " under media/ with a plain name");
            }
            if (entry.getSize() < 0 || entry.getSize() > limits.maxTotalBytes()) {
                throw BundleException.invalid(
                        bundleName,
                        "entry " + quote(name) + " declares " + entry.getSize() + " bytes," + " beyond the limit of "
                                + limits.maxTotalBytes());
            }
            return new Entry(name, entry.getSize(), new EntryStream(tar, name));
        }
    }

    /** By type flag: {@link TarArchiveEntry#isFile()} is true for character and block devices and FIFOs too. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
    }

    private void checkName(String name) {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0
                || isDriveLetter(name)) {
            throw BundleException.invalid(bundleName, "entry " + quote(name) + " has an absolute or unsafe path");
        }
        for (String part : name.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw BundleException.invalid(
                        bundleName, "entry " + quote(name) + " climbs out of the bundle (path traversal)");
            }
        }
    }

    /** A Windows drive ("C:…", whatever follows, line breaks too). */
    static boolean isDriveLetter(String name) {
        if (name.length() < 2 || name.charAt(1) != ':') {
            return false;
        }
        return BundleNames.isAsciiLetter(name.charAt(0));
    }

    /** Reads what is left of the stream (the tar end blocks) so the bundle's SHA-256 covers every byte. */
    byte[] finish() {
        try {
            byte[] buffer = new byte[8192];
            while (uncompressed.read(buffer) >= 0) {
                // tar padding and end-of-archive blocks
            }
            while (compressed.read(buffer) >= 0) {
                // anything after the zstd frame
            }
        } catch (IOException e) {
            throw corrupt(e);
        }
        return bundleSha.digest();
    }

    MeshException corrupt(Exception e) {
        if (entries == 0) {
            return BundleException.invalid(
                    bundleName,
                    "is truncated or corrupt, or not a room bundle at all (" + e.getMessage()
                            + "); a bundle is a zstd-compressed tar made by export: download it again, or export it anew");
        }
        return BundleException.invalid(
                bundleName, "is truncated or corrupt (" + e.getMessage() + "); download it again");
    }

    private void checkRatio() {
        long in = Math.max(1, compressed.count);
        if (uncompressed.count > limits.maxTotalBytes()) {
            throw BundleException.invalid(
                    bundleName, "expands beyond " + limits.maxTotalBytes() + " bytes (a zstd or tar bomb?)");
        }
        if (uncompressed.count > limits.ratioGraceBytes() && uncompressed.count / in > limits.maxRatio()) {
            throw BundleException.invalid(
                    bundleName, "expands more than " + limits.maxRatio() + " times its compressed size (a zstd bomb?)");
        }
    }

    static String quote(String name) {
        String shown = name.length() > 120 ? name.substring(0, 120) + "…" : name;
        return "\"" + shown.replaceAll("[\\p{Cntrl}]", "?") + "\"";
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException ignored) {
            // reading is over
        }
    }

    /** Counts bytes; the uncompressed side checks the limits on every read. */
    private static final class Counting extends FilterInputStream {
        private final BundleReader owner;
        long count;

        Counting(InputStream in, BundleReader owner) {
            super(in);
            this.owner = owner;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                check();
            }
            return n;
        }

        /** Skipping reads and discards: every byte goes through the digest and the limits (and pipes cannot seek). */
        @Override
        public long skip(long n) throws IOException {
            return Streams.skipByReading(this, n);
        }

        private void check() {
            if (owner != null) {
                owner.checkRatio();
            }
        }
    }

    /** The bytes of one entry; IO errors become a clear "truncated or corrupt" refusal. */
    private final class EntryStream extends FilterInputStream {
        private final String name;

        EntryStream(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new IOException(name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new IOException(name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // the tar stream moves on with the next entry
        }
    }
}
