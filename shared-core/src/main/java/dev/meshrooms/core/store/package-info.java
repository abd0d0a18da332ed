/**
 * The storage ports: the room and user directories, a room's store (one transaction per call, scoped to the room)
 * and its export snapshot. Adapters live in {@code store.postgres}. Uses {@code model}.
 */
package dev.meshrooms.core.store;
