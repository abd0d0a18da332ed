/**
 * Imports of pushed bundles as durable jobs: {@link dev.meshrooms.core.imports.BundleImports} records a job for a
 * finished upload and runs it on the process's job worker (db-scheduler), where a job whose process died runs again;
 * its status (phase, bytes, ETA, the result or a sentence) is what {@code GET /api/imports/<id>} answers.
 */
package dev.meshrooms.core.imports;
