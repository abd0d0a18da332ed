package dev.meshrooms.core.model;

import java.util.UUID;

/** A person who writes messages; {@code ghost} users came with an imported room and have no private key here. */
public record User(UUID id, String handle, String displayName, byte[] publicKey, boolean ghost) {}
