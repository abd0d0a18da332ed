/**
 * What a room is, as records, enums and ids: rooms and their state and route, messages and cursors, media items,
 * users, principals, shard locations. No behaviour beyond validating itself. Uses the base packages only.
 */
package dev.meshrooms.core.model;
