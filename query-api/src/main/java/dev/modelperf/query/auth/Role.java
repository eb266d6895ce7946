package dev.modelperf.query.auth;

import java.util.Locale;

/**
 * What an API key may do: {@code ingest} posts events of its tenant, {@code read} reads its tenant,
 * {@code admin} does both for any tenant and reads every tenant's alerts and {@code /metrics}.
 * {@link #INSTANCE} is no key's role: it is another ModelPerf instance, the only caller of
 * {@code /internal/}.
 */
public enum Role {
    INGEST, READ, ADMIN, INSTANCE;

    /** The role a key file names ({@code ingest}, {@code read}, {@code admin}), or null. */
    static Role named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ingest" -> INGEST;
            case "read" -> READ;
            case "admin" -> ADMIN;
            default -> null;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
