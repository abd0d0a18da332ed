/**
 * Talking to PostgreSQL: transactions, quoting identifiers, the Flyway migration sets (global and per room schema),
 * and the COPY text codec. Uses {@code model} and the base packages.
 */
package dev.meshrooms.core.db;
