package dev.modelperf.client.routing;

import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Urgency;
import java.util.Set;

/**
 * What a router asks for, as {@code /api/v1/recommendation} takes it: priority, urgency, mode,
 * objective, an optional seed (reproducible {@code sample} draws) and models to leave out. The
 * default samples (Thompson sampling), as routers should: see {@code docs/routing.md}.
 */
public record RouteOptions(Priority priority, Urgency urgency, DecisionMode mode, Objective objective, Long seed,
                           Set<String> exclude) {

    private static final RouteOptions DEFAULTS = new RouteOptions(Priority.BALANCED, Urgency.NORMAL, DecisionMode.SAMPLE,
            Objective.SCORE, null, Set.of());

    public RouteOptions {
        exclude = Set.copyOf(exclude);
        decision(priority, urgency, mode, objective, seed);
    }

    public static RouteOptions defaults() {
        return DEFAULTS;
    }

    public RouteOptions priority(Priority priority) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    public RouteOptions urgency(Urgency urgency) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    public RouteOptions mode(DecisionMode mode) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    public RouteOptions objective(Objective objective) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    public RouteOptions seed(Long seed) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    public RouteOptions exclude(Set<String> exclude) {
        return new RouteOptions(priority, urgency, mode, objective, seed, exclude);
    }

    /** The shared policy's form of these options. */
    public Ranker.Decision decision() {
        return decision(priority, urgency, mode, objective, seed);
    }

    private static Ranker.Decision decision(Priority priority, Urgency urgency, DecisionMode mode, Objective objective, Long seed) {
        if (priority == null || urgency == null || mode == null || objective == null) {
            throw new IllegalArgumentException("priority, urgency, mode and objective are required");
        }
        return new Ranker.Decision(priority, urgency, mode, objective, seed);
    }
}
