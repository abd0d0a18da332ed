package dev.meshrooms.core.media.s3;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** {@link MediaStore} on the AWS SDK v2: AWS S3, MinIO and the embedded S3-compatible store alike. */
public final class S3MediaStore implements MediaStore, AutoCloseable {
    private final S3Settings settings;
    /** Built at the first request: a process that only reads local files (an export) never loads the AWS SDK. */
    private final LazyClient<Clients> clients;

    /** The S3 client and its presigner, made together (same region and credentials) and closed together. */
    private record Clients(S3Client client, S3Presigner presigner) implements SdkAutoCloseable {
        @Override
        public void close() {
            presigner.close();
            client.close();
        }
    }

    public S3MediaStore(S3Settings settings) {
        this.settings = settings;
        this.clients = new LazyClient<>(() -> build(settings));
    }

    private S3Client client() {
        return clients.get().client();
    }

    private S3Presigner presigner() {
        return clients.get().presigner();
    }

    private static Clients build(S3Settings settings) {
        Region region = Region.of(settings.region() == null ? "us-east-1" : settings.region());
        AwsCredentialsProvider credentials = settings.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        // aws-chunked uploads sign chunk by chunk, so a stream is read once even over plain HTTP
        S3Configuration s3 = S3Configuration.builder()
                .pathStyleAccessEnabled(settings.pathStyle())
                .chunkedEncodingEnabled(true)
                .build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        // checksums only where S3 requires them: the stream is read once, so our own SHA-256 sees every byte once
        builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        builder.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3);
        URI browserEndpoint = settings.publicEndpoint() != null ? settings.publicEndpoint() : settings.endpoint();
        if (browserEndpoint != null) {
            presign.endpointOverride(browserEndpoint);
        }
        return new Clients(builder.build(), presign.build());
    }

    /** How this store is reached (rooms' own buckets are made on the same store). */
    public S3Settings settings() {
        return settings;
    }

    @Override
    public void ensureBucket(String bucket) {
        try {
            client().headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                client().createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // created meanwhile: fine
            } catch (SdkException failed) {
                throw unavailable("creating bucket " + bucket, failed);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                client().createBucket(b -> b.bucket(bucket));
            } else {
                throw unavailable("checking bucket " + bucket, e);
            }
        } catch (SdkException e) {
            throw unavailable("checking bucket " + bucket, e);
        }
    }

    @Override
    public void put(String bucket, String key, InputStream content, long size, String contentType) {
        try {
            client().putObject(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .contentType(contentType)
                                    .contentLength(size),
                            RequestBody.fromContentProvider(oneShot(content, size, bucket, key), size, contentType));
        } catch (SdkException e) {
            throw unavailable("uploading " + key + " to bucket " + bucket, e);
        }
    }

    /** Streams up to this size that support mark/reset are replayed when the SDK retries a dropped upload. */
    private static final long REPLAYABLE_BYTES = 8L << 20;

    /**
     * The stream is read once; a retry re-reads it only when it can be reset (small, markable streams such as byte
     * arrays). Otherwise a retry that would need it again fails instead of re-reading silently.
     */
    private static ContentStreamProvider oneShot(InputStream content, long size, String bucket, String key) {
        boolean replayable = content.markSupported() && size <= REPLAYABLE_BYTES;
        if (replayable) {
            content.mark((int) size + 1);
        }
        boolean[] used = {false};
        return () -> {
            if (used[0]) {
                if (replayable) {
                    try {
                        content.reset();
                        return content;
                    } catch (java.io.IOException e) {
                        // fall through to the error below
                    }
                }
                throw new MeshException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "uploading " + key + " to bucket " + bucket
                                + " failed and the data cannot be replayed; try again");
            }
            used[0] = true;
            return content;
        };
    }

    @Override
    public InputStream open(String bucket, String key) {
        try {
            return client().getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new MeshException(ErrorCode.MEDIA_NOT_FOUND, "object " + key + " is missing from bucket " + bucket);
        } catch (SdkException e) {
            throw unavailable("reading " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public boolean exists(String bucket, String key) {
        try {
            client().headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable("checking " + key + " in bucket " + bucket, e);
        }
    }

    @Override
    public void delete(String bucket, String key) {
        try {
            client().deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw unavailable("deleting " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public java.util.List<String> list(String bucket, String prefix) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        try {
            for (var page :
                    client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
                page.contents().forEach(o -> keys.add(o.key()));
            }
        } catch (NoSuchBucketException e) {
            return keys;
        } catch (SdkException e) {
            throw unavailable("listing " + prefix + "* in bucket " + bucket, e);
        }
        return keys;
    }

    @Override
    public BucketContents measure(String bucket) {
        long objects = 0;
        long bytes = 0;
        try {
            for (var page : client().listObjectsV2Paginator(b -> b.bucket(bucket))) {
                for (var o : page.contents()) {
                    objects++;
                    bytes += o.size() == null ? 0 : o.size();
                }
            }
        } catch (NoSuchBucketException e) {
            return new BucketContents(0, 0);
        } catch (SdkException e) {
            throw unavailable("listing bucket " + bucket, e);
        }
        return new BucketContents(objects, bytes);
    }

    @Override
    public int deleteAll(String bucket, String prefix) {
        java.util.List<String> keys = list(bucket, prefix);
        keys.forEach(key -> delete(bucket, key));
        return keys.size();
    }

    @Override
    public void copy(String fromBucket, String fromKey, String toBucket, String toKey) {
        try {
            client().copyObject(b -> b.sourceBucket(fromBucket)
                    .sourceKey(fromKey)
                    .destinationBucket(toBucket)
                    .destinationKey(toKey));
        } catch (NoSuchKeyException e) {
            throw new MeshException(
                    ErrorCode.MEDIA_NOT_FOUND,
                    "object " + fromKey + " is missing from bucket " + fromBucket + " (copying it to bucket " + toBucket
                            + ")");
        } catch (SdkException e) {
            throw unavailable("copying " + fromKey + " from bucket " + fromBucket + " to bucket " + toBucket, e);
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        try {
            client().deleteBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            // gone already
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw unavailable("deleting bucket " + bucket, e);
            }
        } catch (SdkException e) {
            throw unavailable("deleting bucket " + bucket, e);
        }
    }

    @Override
    public URI presignedGet(String bucket, String key, Duration validFor) {
        var request = presigner()
                .presignGetObject(p -> p.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)));
        return URI.create(request.url().toString());
    }

    @Override
    public URI presignedGet(String bucket, String key, Duration validFor, String contentType, String disposition) {
        var request = presigner()
                .presignGetObject(p -> p.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket)
                                .key(key)
                                .responseContentType(contentType)
                                .responseContentDisposition(disposition)));
        return URI.create(request.url().toString());
    }

    @Override
    public void ping() {
        try {
            client().listBuckets();
        } catch (SdkException e) {
            throw unavailable("listing buckets", e);
        }
    }

    private static MeshException unavailable(String what, Exception e) {
        return new MeshException(
                ErrorCode.STORE_UNAVAILABLE,
                "The object store failed while " + what + ": " + e.getMessage()
                        + " (check S3_ENDPOINT and credentials).",
                e);
    }

    @Override
    public void close() {
        clients.close();
    }
}
