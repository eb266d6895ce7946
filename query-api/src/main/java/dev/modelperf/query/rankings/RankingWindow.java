package dev.modelperf.query.rankings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The spans rankings and recommendations are kept ready for, by the name callers use. */
public enum RankingWindow {
    HOUR("1h", Duration.ofHours(1)),
    DAY("24h", Duration.ofHours(24)),
    WEEK("7d", Duration.ofDays(7)),
    MONTH("30d", Duration.ofDays(30));

    private final String label;
    private final Duration span;

    RankingWindow(String label, Duration span) {
        this.label = label;
        this.span = span;
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(RankingWindow::label).toList();
    }

    public static Optional<RankingWindow> of(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }
}
