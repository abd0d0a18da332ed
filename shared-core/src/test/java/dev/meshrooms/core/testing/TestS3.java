package dev.meshrooms.core.testing;

import dev.meshrooms.core.media.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** One in-process S3-compatible server (s3proxy, filesystem-backed in a temp dir) per test JVM. */
public final class TestS3 {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";
    private static S3Proxy proxy;
    private static URI endpoint;
    private static Path objects;

    private TestS3() {}

    /** The folder s3proxy keeps the objects in ({@code <folder>/<bucket>/<key>}), as Mesh-Lite's embedded store. */
    public static synchronized Path objects() {
        settings();
        return objects;
    }

    public static synchronized S3Settings settings() {
        if (proxy == null) {
            try {
                Path dir = TempDirs.create("mesh-test-s3");
                objects = dir;
                proxy = S3Proxy.builder()
                        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
                proxy.start();
                while (!"STARTED".equals(proxy.getState())) {
                    Thread.sleep(10);
                }
                endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test S3 store", e);
            }
        }
        return new S3Settings(endpoint, null, "us-east-1", ACCESS_KEY, SECRET_KEY, true);
    }
}
