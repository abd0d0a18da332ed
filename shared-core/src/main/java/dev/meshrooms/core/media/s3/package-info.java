/**
 * The S3 adapter of the object-store port (AWS SDK v2: AWS, MinIO and the embedded store alike) and the embedded
 * store read and written as files. Uses {@code media} and below.
 */
package dev.meshrooms.core.media.s3;
