/**
 * One error type for the whole product: {@link dev.meshrooms.core.error.MeshException} with an {@link
 * dev.meshrooms.core.error.ErrorCode}, which carries the HTTP status, the CLI exit code and a title a person
 * understands. Uses nothing.
 */
package dev.meshrooms.core.error;
