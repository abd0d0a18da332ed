/**
 * The AWS SDK adapters of the shard ports: buckets with policy and tags, KMS keys. Uses {@code shard}, {@code
 * media.s3}.
 */
package dev.meshrooms.core.shard.aws;
