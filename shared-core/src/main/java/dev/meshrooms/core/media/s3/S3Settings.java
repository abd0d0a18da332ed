package dev.meshrooms.core.media.s3;

import java.net.URI;

/**
 * How to reach an S3-compatible store. {@code endpoint} null means AWS itself; {@code publicEndpoint} is the address
 * browsers use for presigned URLs when it differs from the server's (e.g. behind Docker networking).
 */
public record S3Settings(
        URI endpoint,
        URI publicEndpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        boolean pathStyle) {}
