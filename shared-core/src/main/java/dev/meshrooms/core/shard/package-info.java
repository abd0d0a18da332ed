/**
 * A room's own shard: schema and role, placement over servers, bucket, KMS key, policy and cost tags (ports {@code
 * ShardProvisioner}, {@code ShardStorage}, {@code RoomBuckets}, {@code RoomKeys}; AWS adapters in {@code
 * shard.aws}), rooms born sharded, and migrating every shard schema. Uses the services and below.
 */
package dev.meshrooms.core.shard;
