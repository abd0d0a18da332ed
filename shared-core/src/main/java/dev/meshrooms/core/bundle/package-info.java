/**
 * Portable rooms: the exporter, the safe streaming reader (limits, hashes, no SQL executed), the dry run, and the
 * importer with its staging schema and id translation. Uses the services and below.
 */
package dev.meshrooms.core.bundle;
