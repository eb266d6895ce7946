package dev.modelperf.toolbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A state directory for an embedded run (demo, benchmarks), deleted with everything in it on close. */
final class TemporaryStateDirectory implements AutoCloseable {

    private final Path path;

    private TemporaryStateDirectory(Path path) {
        this.path = path;
    }

    static TemporaryStateDirectory create(String prefix) throws IOException {
        return new TemporaryStateDirectory(Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete state directory " + path, e);
        }
    }
}
