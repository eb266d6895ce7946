package dev.modelperf.query.rankings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a caller optimises for, as weights of the four score parts (each sums to 1). Reliability
 * keeps at least 30 % in every priority: a cheap or fast model that fails is neither.
 */
public enum Priority {
    BALANCED(new Weights(0.35, 0.25, 0.20, 0.20)),
    QUALITY(new Weights(0.35, 0.45, 0.10, 0.10)),
    SPEED(new Weights(0.30, 0.10, 0.50, 0.10)),
    COST(new Weights(0.30, 0.10, 0.10, 0.50));

    private final Weights weights;

    Priority(Weights weights) {
        this.weights = weights;
    }

    public Weights weights() {
        return weights;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Priority::label).toList();
    }

    public static Priority of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Shares of the score; a boost doubles one part and renormalises. */
    public record Weights(double reliability, double satisfaction, double speed, double cost) {

        Weights boostReliability() {
            return normalised(reliability * 2, satisfaction, speed, cost);
        }

        Weights boostSpeed() {
            return normalised(reliability, satisfaction, speed * 2, cost);
        }

        private static Weights normalised(double reliability, double satisfaction, double speed, double cost) {
            double total = reliability + satisfaction + speed + cost;
            return new Weights(reliability / total, satisfaction / total, speed / total, cost / total);
        }
    }
}
