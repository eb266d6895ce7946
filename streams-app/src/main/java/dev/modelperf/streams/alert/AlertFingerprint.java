package dev.modelperf.streams.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of one alert: the same for its FIRING and its RESOLVED, across restarts and instances. */
public final class AlertFingerprint {

    private AlertFingerprint() {
    }

    /** 32 hex digits of SHA-256 over the rule and the scope's parts, NUL-separated so that no two scopes collide. */
    public static String of(String rule, String... scope) {
        StringBuilder text = new StringBuilder(rule);
        for (String part : scope) {
            text.append('\0').append(part);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
