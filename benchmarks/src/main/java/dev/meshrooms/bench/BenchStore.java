package dev.meshrooms.bench;

import dev.meshrooms.core.media.s3.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The in-process S3-compatible store of the benchmark: s3proxy on a filesystem directory, as {@code TestS3} builds
 * it, but in the benchmark's work directory so its gigabytes go away with it.
 */
final class BenchStore implements AutoCloseable {
    static final String ACCESS_KEY = "bench-access";
    static final String SECRET_KEY = "bench-secret-key";
    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path dir;

    private BenchStore(S3Proxy proxy, URI endpoint, Path dir) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.dir = dir;
    }

    static BenchStore start(Path dir) throws Exception {
        Files.createDirectories(dir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new BenchStore(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), dir);
    }

    /** The folder of the objects (as Mesh-Lite's embedded store keeps them: {@code <folder>/<bucket>/<key>}). */
    Path objects() {
        return dir;
    }

    URI endpoint() {
        return endpoint;
    }

    S3Settings settings() {
        return new S3Settings(endpoint, null, "us-east-1", ACCESS_KEY, SECRET_KEY, true);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the S3 store failed: " + e.getMessage(), e);
        }
    }
}
