package dev.meshrooms.desktop.settings;

import java.net.URI;

/**
 * A cloud (a Mesh or Mesh-Lite server) this computer pushes rooms to, as the Cloud accounts list shows it. Its import
 * token is kept apart, in {@link CloudCredentials}, never in settings.json.
 *
 * @param name what the user called it (null or blank: its host)
 * @param url  its address as pushes name it ({@code https://host[:port]}, no trailing slash)
 */
public record CloudAccount(String name, URI url) {
    public CloudAccount {
        name = name == null || name.isBlank() ? null : name.strip();
    }

    /** The name, else the host (with its port when it has one). */
    public String label() {
        if (name != null) {
            return name;
        }
        return url.getPort() > 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
    }

    @Override
    public String toString() {
        return name == null ? url.toString() : name + " — " + url;
    }
}
