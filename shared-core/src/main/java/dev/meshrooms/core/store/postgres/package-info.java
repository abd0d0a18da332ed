/**
 * The PostgreSQL adapters of the storage ports, and the export's binary-COPY reader that turns rows into COPY text.
 * Uses {@code store}, {@code db} and below.
 */
package dev.meshrooms.core.store.postgres;
