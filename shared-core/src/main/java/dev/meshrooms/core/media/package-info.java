/**
 * A room's media: the object-store port {@link dev.meshrooms.core.media.MediaStore}, uploads hashed while they
 * stream, how a browser gets an object and which types it may show in place. Adapters in {@code media.s3}. Uses
 * {@code routing} and below.
 */
package dev.meshrooms.core.media;
