/**
 * Rooms' usage: a recurring job samples what every room uses (rows, media, database bytes, shard time) into {@code
 * usage_samples}, which billing, limits and monitoring read.
 */
package dev.meshrooms.core.usage;
