package dev.modelperf.schemas.topics;

import java.util.List;

/** The names of ModelPerf's topics under one configurable prefix. */
public record Topics(String prefix) {

    /** The prefix when none is configured; clients and server agree on it through this one constant. */
    public static final String DEFAULT_PREFIX = "modelperf.";

    public static final Topics DEFAULT = new Topics(DEFAULT_PREFIX);

    public String calls() {
        return prefix + "calls.v1";
    }

    public String feedback() {
        return prefix + "feedback.v1";
    }

    public String dlq() {
        return prefix + "dlq.v1";
    }

    public String alerts() {
        return prefix + "alerts.v1";
    }

    /** Compacted: the latest record per tenant+model is the model's current health. */
    public String health() {
        return prefix + "health.v1";
    }

    /**
     * Compacted: the latest record per tenant|category level|model holds the figures routers decide
     * on in-process ({@code ModelRouter}), published by the server from its ready-made view.
     */
    public String decisions() {
        return prefix + "decisions.v1";
    }

    /** One {@code RoutingDecision} per task a routing cascade routed, keyed by decision id. */
    public String routingDecisions() {
        return prefix + "routing-decisions.v1";
    }

    /** {@code RoutingOutcome}s, keyed by the decision id they judge; may arrive hours after the decision. */
    public String routingOutcomes() {
        return prefix + "routing-outcomes.v1";
    }

    /**
     * Compacted: the latest {@code RoutingThreshold} per tenant|layer is the threshold routers apply;
     * the history kept until compaction says which threshold was in force when.
     */
    public String routingThresholds() {
        return prefix + "routing-thresholds.v1";
    }

    /** One {@code Comparison} per debate, vote or arena battle, keyed by {@code ComparisonKey} ({@code tenant|eventId}). */
    public String comparisons() {
        return prefix + "comparisons.v1";
    }

    /** {@code Judgment}s, keyed by {@code FeedbackKey} ({@code tenant|callEventId}) like feedback, so they join their call the same way. */
    public String judgments() {
        return prefix + "judgments.v1";
    }

    /** Every topic the pipeline reads or writes, with whether it is compacted. */
    public List<TopicSpec> all() {
        return List.of(new TopicSpec(calls(), false), new TopicSpec(feedback(), false), new TopicSpec(dlq(), false),
                new TopicSpec(alerts(), false), new TopicSpec(health(), true), new TopicSpec(decisions(), true),
                new TopicSpec(routingDecisions(), false), new TopicSpec(routingOutcomes(), false),
                new TopicSpec(routingThresholds(), true), new TopicSpec(comparisons(), false),
                new TopicSpec(judgments(), false));
    }

    /** A topic's name and cleanup policy. */
    public record TopicSpec(String name, boolean compacted) {
    }
}
