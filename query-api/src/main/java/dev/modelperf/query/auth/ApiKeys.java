package dev.modelperf.query.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of {@code auth.keys.file}, read again when the file changes (its modification time or
 * size), looked at no more than once per {@link #CHECK_INTERVAL} on the request path. The first
 * read must succeed; a later file that cannot be read or parsed is logged and the keys in force
 * stay, so that a half-written file never locks every caller out.
 */
public final class ApiKeys {

    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final Path file;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile long nextCheckMs;

    private record Loaded(KeyFile keys, FileTime modified, long size) {
    }

    private ApiKeys(Path file, Clock clock, Loaded loaded) {
        this.file = file;
        this.clock = clock;
        this.loaded = loaded;
        this.nextCheckMs = clock.millis() + CHECK_INTERVAL.toMillis();
    }

    /** Reads {@code file}; a file that cannot be read or parsed is an {@link KeyFile.InvalidKeyFileException}. */
    public static ApiKeys load(Path file, Clock clock) {
        try {
            return new ApiKeys(file, clock, read(file));
        } catch (IOException e) {
            throw new KeyFile.InvalidKeyFileException("Cannot read " + file + ": " + e);
        }
    }

    /** The caller a key stands for, or null; reloads the file first if it has changed. */
    public Caller find(String key) {
        long now = clock.millis();
        if (now >= nextCheckMs) {
            nextCheckMs = now + CHECK_INTERVAL.toMillis();
            reloadIfChanged();
        }
        return loaded.keys().find(key);
    }

    /** How many keys are in force. */
    public int size() {
        return loaded.keys().size();
    }

    synchronized void reloadIfChanged() {
        Loaded current = loaded;
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            log.warn("API keys file {} cannot be read, the {} key(s) read before stay in force: {}", file,
                    current.keys().size(), e.toString());
            return;
        }
        if (modified.equals(current.modified()) && size == current.size()) {
            return;
        }
        try {
            loaded = new Loaded(KeyFile.parse(Files.readAllLines(file), file.toString()), modified, size);
            log.info("API keys reloaded from {}: {} key(s)", file, loaded.keys().size());
        } catch (IOException | KeyFile.InvalidKeyFileException e) {
            // Remember this version of the file, so that it is reported once, not at every check.
            loaded = new Loaded(current.keys(), modified, size);
            log.warn("API keys file {} not reloaded, the {} key(s) read before stay in force: {}", file,
                    current.keys().size(), e.getMessage());
        }
    }

    private static Loaded read(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        return new Loaded(KeyFile.parse(Files.readAllLines(file), file.toString()), modified, size);
    }
}
