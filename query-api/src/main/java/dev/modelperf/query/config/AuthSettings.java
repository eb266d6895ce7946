package dev.modelperf.query.config;

import java.nio.file.Path;

/**
 * Access control: the API keys file ({@code auth.keys.file}, null: open to all) and the key
 * instances send each other on {@code /internal/} and relayed reads ({@code auth.internal.key}).
 * With keys and no instance key set, one is drawn at random: a single instance needs no peer.
 */
public record AuthSettings(Path keysFile, String internalKey) {

    public boolean enabled() {
        return keysFile != null;
    }
}
