/**
 * Decentralising and re-centralising a room online: durable jobs on db-scheduler, keyset copies with checkpoints,
 * change capture and catch-up, the bounded write fence, cleanup. Uses {@code shard}, the services and below.
 */
package dev.meshrooms.core.move;
