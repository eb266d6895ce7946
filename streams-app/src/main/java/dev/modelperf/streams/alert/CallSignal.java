package dev.modelperf.streams.alert;

import dev.modelperf.events.CallStatus;
import dev.modelperf.streams.stores.CallStats;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The signals of the call aggregates. Rates count every non-OK status as a failure, as rankings do. */
public enum CallSignal implements Signal<CallStats> {
    SUCCESS_RATE("success-rate", false, "calls", Unit.RATIO) {
        @Override
        public double value(CallStats stats) {
            return (double) stats.successes() / stats.count();
        }
    },
    ERROR_RATE("error-rate", true, "calls", Unit.RATIO) {
        @Override
        public double value(CallStats stats) {
            return 1 - (double) stats.countOf(CallStatus.OK) / stats.count();
        }
    },
    LATENCY_P50("latency-p50", true, "calls", Unit.MILLISECONDS) {
        @Override
        public double value(CallStats stats) {
            return stats.latencyQuantileMs(0.50);
        }
    },
    LATENCY_P95("latency-p95", true, "calls", Unit.MILLISECONDS) {
        @Override
        public double value(CallStats stats) {
            return stats.latencyQuantileMs(0.95);
        }
    },
    LATENCY_P99("latency-p99", true, "calls", Unit.MILLISECONDS) {
        @Override
        public double value(CallStats stats) {
            return stats.latencyQuantileMs(0.99);
        }
    },
    /** Thumbs up among thumbs up and down, as the API's {@code satisfaction}. */
    SATISFACTION("satisfaction", false, "ratings", Unit.RATIO) {
        @Override
        public double value(CallStats stats) {
            return (double) stats.thumbsUp() / (stats.thumbsUp() + stats.thumbsDown());
        }

        @Override
        public long samples(CallStats stats) {
            return stats.thumbsUp() + stats.thumbsDown();
        }
    },
    /** Mean of the calls' own quality scores (judge or consensus), 0..1. */
    QUALITY("quality", false, "scored calls", Unit.RATIO) {
        @Override
        public double value(CallStats stats) {
            return stats.meanQuality();
        }

        @Override
        public long samples(CallStats stats) {
            return stats.qualityCount();
        }
    },
    /** Reported or estimated cost over the calls whose cost is known. */
    COST_PER_CALL("cost-per-call", true, "costed calls", Unit.USD) {
        @Override
        public double value(CallStats stats) {
            return stats.costUsd() / stats.costedCalls();
        }

        @Override
        public long samples(CallStats stats) {
            return stats.costedCalls();
        }
    };

    private enum Unit { RATIO, MILLISECONDS, USD }

    private final String id;
    private final boolean higherIsWorse;
    private final String samplesNoun;
    private final Unit unit;

    CallSignal(String id, boolean higherIsWorse, String samplesNoun, Unit unit) {
        this.id = id;
        this.higherIsWorse = higherIsWorse;
        this.samplesNoun = samplesNoun;
        this.unit = unit;
    }

    /** The signal rules call {@code id}, if there is one. */
    public static Optional<CallSignal> of(String id) {
        return Arrays.stream(values()).filter(signal -> signal.id.equals(id)).findFirst();
    }

    /** Every signal's id, for error messages and documentation. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(CallSignal::id).toList());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long samples(CallStats stats) {
        return stats.count();
    }

    @Override
    public String samplesNoun() {
        return samplesNoun;
    }

    @Override
    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    @Override
    public double min() {
        return 0;
    }

    @Override
    public double max() {
        return unit == Unit.RATIO ? 1 : Double.MAX_VALUE;
    }

    @Override
    public String format(double value) {
        return switch (unit) {
            case RATIO -> String.format(Locale.ROOT, "%.1f %%", value * 100);
            case MILLISECONDS -> String.format(Locale.ROOT, "%,.0f ms", value);
            case USD -> String.format(Locale.ROOT, "$%.4f", value);
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
