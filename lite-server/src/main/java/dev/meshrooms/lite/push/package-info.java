/**
 * Pushing a room to another Mesh (a cloud): the room is exported into a spool under the data directory (kept while
 * the room does not change), uploaded resumably (tus) with an import token, imported there as a durable job that is
 * followed to its end, and the cloud's id mapping written beside it. The CLI's {@code push} and the desktop app use
 * {@link dev.meshrooms.lite.push.CloudPush} alike.
 */
package dev.meshrooms.lite.push;
