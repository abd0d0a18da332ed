package dev.meshrooms.core.bundle;

import java.util.List;

/** This instance as bundles name it: its public URL, its id, and further hosts its media links may use. */
public record SourceInstance(String url, String instanceId, List<String> mediaHosts) {}
