/**
 * Sending signed messages, editing, paging, and checking whole rooms' signatures on the shared pool (one check per
 * room, bounded, cancellable). Uses {@code routing}, {@code signature} and below.
 */
package dev.meshrooms.core.message;
