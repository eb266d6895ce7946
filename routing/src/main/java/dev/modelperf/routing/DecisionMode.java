package dev.modelperf.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an answer turns beliefs into an order. {@code best} ranks by the estimates' means: the same
 * figures give the same answer, for dashboards and for callers that explore themselves.
 * {@code sample} ranks by one draw from each model's beliefs (Thompson sampling): each model gets
 * first place about as often as it is likely to be the best, so a model with little data, a new
 * one or one back from an outage keeps getting some traffic until its figures settle the question.
 */
public enum DecisionMode {
    BEST,
    SAMPLE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(DecisionMode::label).toList();
    }

    public static DecisionMode of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
