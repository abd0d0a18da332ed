/**
 * Streams, sizes and bytes: write-behind output, a digest that survives a retried upload, byte counts for people, a
 * UTF-8 check. Uses {@code error}.
 */
package dev.meshrooms.core.io;
