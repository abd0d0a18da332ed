/**
 * Prices: the bundled list-price snapshot and what a room's own shard would cost. Uses the base packages.
 */
package dev.meshrooms.core.billing;
