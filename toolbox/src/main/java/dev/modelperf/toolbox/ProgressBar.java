package dev.modelperf.toolbox;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar on standard error: redrawn in place on a terminal, a plain line per tenth
 * otherwise (CI logs), with the rate and the time left.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final String unit;
    private long lastTenth = -1;

    ProgressBar(PrintWriter out, boolean terminal) {
        this(out, terminal, "calls");
    }

    /** {@code unit} names what is counted, e.g. "tasks". */
    ProgressBar(PrintWriter out, boolean terminal, String unit) {
        this.out = out;
        this.terminal = terminal;
        this.unit = unit;
    }

    void update(long done, long total, double perSecond, Duration elapsed) {
        double fraction = total == 0 ? 1 : (double) done / total;
        if (terminal) {
            out.print("\r" + render(done, total, fraction, perSecond, elapsed, unit));
            out.flush();
        } else {
            long tenth = (long) Math.floor(fraction * 10);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.println(render(done, total, fraction, perSecond, elapsed, unit));
                out.flush();
            }
        }
    }

    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    static String render(long done, long total, double fraction, double perSecond, Duration elapsed) {
        return render(done, total, fraction, perSecond, elapsed, "calls");
    }

    static String render(long done, long total, double fraction, double perSecond, Duration elapsed, String unit) {
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = done >= total ? "done in " + clock(elapsed)
                : perSecond > 0 ? "ETA " + clock(Duration.ofMillis(Math.round((total - done) / perSecond * 1000))) : "ETA -";
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %,d/%,d %s  %,.0f/s  %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * fraction, done, total, unit, perSecond, eta);
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
