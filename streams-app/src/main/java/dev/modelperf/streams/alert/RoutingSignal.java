package dev.modelperf.streams.alert;

import dev.modelperf.streams.stores.RoutingStats;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The signals of the routing-cascade figures: three of the whole cascade and one per layer. Each
 * is judged per tenant (and layer), over the decisions of the span's 1-minute windows.
 */
public enum RoutingSignal implements Signal<RoutingStats> {
    /**
     * Correct among routed decisions with a known verdict: outcomes that arrived by the time the
     * minute is judged, so a long span suits it.
     */
    ROUTING_ACCURACY("routing-accuracy", false, "judged decisions", false) {
        @Override
        public double value(RoutingStats stats) {
            return stats.accuracy();
        }

        @Override
        public long samples(RoutingStats stats) {
            return stats.judged();
        }
    },
    /** The routes a layer caught among the decisions that reached it. */
    LAYER_CAPTURE("layer-capture", false, "decisions reaching the layer", true) {
        @Override
        public double value(RoutingStats stats) {
            return (double) stats.accepted() / stats.attempts();
        }
    },
    /** Mean total latency of the cascade's decisions, in milliseconds. */
    CASCADE_LATENCY("cascade-latency", true, "decisions", false) {
        @Override
        public double value(RoutingStats stats) {
            return stats.meanLatencyMs();
        }

        @Override
        public double max() {
            return Double.MAX_VALUE;
        }

        @Override
        public String format(double value) {
            return String.format(Locale.ROOT, "%,.1f ms", value);
        }
    },
    /** Decisions where no layer accepted and the user was asked. */
    CLARIFICATION_RATE("clarification-rate", true, "decisions", false) {
        @Override
        public double value(RoutingStats stats) {
            return (double) stats.clarified() / stats.attempts();
        }
    };

    private final String id;
    private final boolean higherIsWorse;
    private final String samplesNoun;
    private final boolean perLayer;

    RoutingSignal(String id, boolean higherIsWorse, String samplesNoun, boolean perLayer) {
        this.id = id;
        this.higherIsWorse = higherIsWorse;
        this.samplesNoun = samplesNoun;
        this.perLayer = perLayer;
    }

    public static Optional<RoutingSignal> of(String id) {
        return Arrays.stream(values()).filter(signal -> signal.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(RoutingSignal::id).toList());
    }

    /** Whether the signal is judged per layer; else for the whole cascade. */
    public boolean perLayer() {
        return perLayer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long samples(RoutingStats stats) {
        return stats.attempts();
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
        return 1;
    }

    @Override
    public String format(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value * 100);
    }

    @Override
    public String toString() {
        return id;
    }
}
