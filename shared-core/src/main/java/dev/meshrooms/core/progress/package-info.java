/**
 * The port long work reports its progress through (phase, done, total, bytes); the CLI draws it as a bar, the server
 * streams it, the desktop samples it. Uses nothing.
 */
package dev.meshrooms.core.progress;
