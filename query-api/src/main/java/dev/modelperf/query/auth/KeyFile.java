package dev.modelperf.query.auth;

import dev.modelperf.schemas.validation.ModelCallRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The API keys file: one key a line, {@code key,tenant,role} ({@code role} one of {@code ingest},
 * {@code read}, {@code admin}); blank lines and lines starting with {@code #} are skipped. Keys are
 * held by their SHA-256 digest only, so that a lookup takes the same time whichever key is close.
 */
public final class KeyFile {

    /** A key shorter than this is refused: a short key is guessed. */
    public static final int MIN_KEY_LENGTH = 16;

    private final Map<String, Caller> byDigest;

    private KeyFile(Map<String, Caller> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    /** Parses the lines of a key file; {@code source} names it in errors. */
    public static KeyFile parse(List<String> lines, String source) {
        Map<String, Caller> keys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split(",", -1);
            if (fields.length != 3) {
                throw new InvalidKeyFileException(where + ": must be key,tenant,role (" + fields.length + " fields)");
            }
            String key = fields[0].trim();
            String tenant = fields[1].trim();
            Role role = Role.named(fields[2]);
            if (key.length() < MIN_KEY_LENGTH || !key.matches("[A-Za-z0-9._~+/=-]+")) {
                throw new InvalidKeyFileException(where + ": the key must be at least " + MIN_KEY_LENGTH
                        + " characters of A-Z a-z 0-9 . _ ~ + / = -");
            }
            if (!ModelCallRules.TENANT.matcher(tenant).matches()) {
                throw new InvalidKeyFileException(where + ": tenant '" + tenant + "' must match " + ModelCallRules.TENANT.pattern());
            }
            if (role == null) {
                throw new InvalidKeyFileException(where + ": role '" + fields[2].trim() + "' must be one of ingest, read, admin");
            }
            if (keys.putIfAbsent(digest(key), new Caller(tenant, role)) != null) {
                throw new InvalidKeyFileException(where + ": the same key appears on an earlier line");
            }
        }
        return new KeyFile(keys);
    }

    /** The caller a key stands for, or null when the file does not hold it. */
    public Caller find(String key) {
        return byDigest.get(digest(key));
    }

    public int size() {
        return byDigest.size();
    }

    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** A key file that cannot be used, with the line at fault. */
    public static final class InvalidKeyFileException extends RuntimeException {
        public InvalidKeyFileException(String message) {
            super(message);
        }
    }
}
