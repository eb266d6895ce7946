package dev.modelperf.toolbox.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The resident set size of a process, from {@code VmRSS} in {@code /proc/<pid>/status} (Linux only). */
public final class RssSampler {

    private final long startedNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    /** One reading: seconds since the soak started, which life of the server (1 = first start), its RSS. */
    public record Sample(double seconds, int life, long pid, long rssKiB) {
    }

    /** Whether this system has {@code /proc/self/status}. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** Reads the RSS of {@code pid} now; a process gone between kill and restart gives no sample. */
    public synchronized void sample(long pid, int life) {
        vmRssKiB(pid).ifPresent(rss -> samples.add(new Sample((System.nanoTime() - startedNanos) / 1e9, life, pid, rss)));
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    static OptionalLong vmRssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(6).replace("kB", "").strip()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException gone) {
            return OptionalLong.empty();
        }
    }
}
