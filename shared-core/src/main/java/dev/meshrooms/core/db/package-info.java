/**
 * Talking to PostgreSQL: transactions, quoting identifiers, the Flyway migration sets (global and per room schema),
 * the COPY text codec, and the change feed that tells a process when global tables changed (with the caches it
 * drops). Uses {@code model} and the base packages.
 */
package dev.meshrooms.core.db;
