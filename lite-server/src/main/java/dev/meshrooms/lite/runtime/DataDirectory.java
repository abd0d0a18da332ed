package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.signature.KeyVault;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The layout of a Mesh-Lite data directory: {@code postgres/} (embedded database), {@code objects/} (embedded S3
 * store), {@code master.key}, {@code s3.properties} (embedded store credentials), {@code db-superuser.password} and
 * {@code db.password} (the embedded database's), {@code instance.lock} and
 * {@code instance.properties} (which process runs the embedded services, and on which ports); for the desktop app,
 * {@code desktop.lock} and {@code desktop.properties} (the running app, where a second launch hands its files) and
 * {@code logs/} (its log file). The directory is private to its owner (mode 700) and every secret in it is created
 * with mode 600.
 */
public final class DataDirectory {
    private static final String POSTGRES = "postgres";
    private final Path root;

    public DataDirectory(Path root) {
        this.root = PrivateFiles.directory(root);
    }

    /** Whether {@code root} holds an embedded database already (a Mesh-Lite has run there); creates nothing. */
    public static boolean holdsDatabase(Path root) {
        return Files.isDirectory(root.resolve(POSTGRES));
    }

    public Path root() {
        return root;
    }

    public Path postgres() {
        return root.resolve(POSTGRES);
    }

    public Path objects() {
        return root.resolve("objects");
    }

    public Path lockFile() {
        return root.resolve("instance.lock");
    }

    public Path instanceFile() {
        return root.resolve("instance.properties");
    }

    /** Held by the desktop app running on this directory (the CLI's {@code serve} holds {@link #lockFile()} only). */
    public Path desktopLockFile() {
        return root.resolve("desktop.lock");
    }

    /** Where the running desktop app accepts a second launch's files: its loopback port and a one-off token. */
    public Path desktopFile() {
        return root.resolve("desktop.properties");
    }

    /** Bundles pushed to this server, while they upload and until they are imported. */
    public Path uploads() {
        return root.resolve("uploads");
    }

    /** Rooms this machine pushes elsewhere: their exported bundles and where each upload stands. */
    public Path pushes() {
        return root.resolve("pushes");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** The master key sealing authors' private keys: MESH_MASTER_KEY if given, else generated once into master.key. */
    public byte[] masterKey(String configured) {
        if (configured != null && !configured.isBlank()) {
            byte[] key = Base64.getDecoder().decode(configured.trim());
            if (key.length != 32) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION, "MESH_MASTER_KEY: must decode to 32 bytes, got " + key.length);
            }
            return key;
        }
        String key = PrivateFiles.secret(
                root.resolve("master.key"), () -> Base64.getEncoder().encodeToString(KeyVault.newMasterKey()));
        return Base64.getDecoder().decode(key);
    }

    /** Credentials of the embedded S3 store, generated once. */
    public Properties s3Credentials() {
        Path file = root.resolve("s3.properties");
        String text = PrivateFiles.secret(file, () -> {
            Properties p = new Properties();
            p.setProperty("accessKey", "mesh-" + randomToken(6));
            p.setProperty("secretKey", randomToken(24));
            StringWriter out = new StringWriter();
            try {
                p.store(out, "embedded S3 store credentials");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        });
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** The embedded PostgreSQL's passwords, generated once. */
    public DatabaseSecrets databaseSecrets() {
        return new DatabaseSecrets(
                PrivateFiles.secret(root.resolve("db-superuser.password"), () -> randomToken(32)),
                PrivateFiles.secret(root.resolve("db.password"), () -> randomToken(32)));
    }

    private static String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(raw)
                .replace('-', 'x')
                .replace('_', 'y');
    }
}
