package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.s3.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** The embedded S3-compatible store: s3proxy in this process, on 127.0.0.1, objects in files under the data directory. */
public final class EmbeddedS3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final int port;

    private EmbeddedS3Server(S3Proxy proxy, int port) {
        this.proxy = proxy;
        this.port = port;
    }

    public static EmbeddedS3Server start(Path objectsDir, Properties credentials) {
        try {
            Files.createDirectories(objectsDir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(objectsDir.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(
                            AuthenticationType.AWS_V2_OR_V4,
                            credentials.getProperty("accessKey"),
                            credentials.getProperty("secretKey"))
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("state " + proxy.getState() + " after 10 s");
                }
                Thread.sleep(10);
            }
            return new EmbeddedS3Server(proxy, proxy.getPort());
        } catch (Exception e) {
            throw new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "the embedded S3 store in " + objectsDir + " did not start: " + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return port;
    }

    public static S3Settings settings(int port, Properties credentials) {
        return new S3Settings(
                URI.create("http://127.0.0.1:" + port),
                null,
                "us-east-1",
                credentials.getProperty("accessKey"),
                credentials.getProperty("secretKey"),
                true);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the port goes with the process
        }
    }
}
