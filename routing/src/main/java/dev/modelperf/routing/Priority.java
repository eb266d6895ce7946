package dev.modelperf.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a caller optimises for, as weights of what a successful call is worth (each sums to 1):
 * having an answer at all, its quality, its speed and its cost. {@code quality} all but ignores
 * speed and cost, so that they only break ties between models of the same quality.
 */
public enum Priority {
    BALANCED(new Weights(0.30, 0.30, 0.20, 0.20)),
    QUALITY(new Weights(0.40, 0.56, 0.02, 0.02)),
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
    public record Weights(double reliability, double quality, double speed, double cost) {

        Weights boostSpeed() {
            double total = reliability + quality + speed * 2 + cost;
            return new Weights(reliability / total, quality / total, speed * 2 / total, cost / total);
        }
    }
}
