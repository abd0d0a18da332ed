/**
 * The composition root: {@link dev.meshrooms.core.MeshCore} wires the core by hand and exposes its services; {@link
 * dev.meshrooms.core.CoreSettings} says what it needs. May use every package of the core; none uses it.
 */
package dev.meshrooms.core;
