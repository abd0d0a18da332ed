/**
 * Streams and sizes: write-behind output, a digest that survives a retried upload, byte counts for people. Uses
 * {@code error}.
 */
package dev.meshrooms.core.io;
