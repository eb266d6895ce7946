package dev.modelperf.client.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * A router's answer for one request: the models to try, first to last, and what it rests on. From
 * {@link Source#DATA} the order is the one {@code /api/v1/recommendation} gives for the same
 * figures (healthy models, then DEGRADED ones); from {@link Source#RULES} it is the rule table's,
 * and {@code reason} says why the data could not answer. BLACKLISTED and excluded models are never
 * in it. {@code dataAgeMs} is how old the newest figures were (-1 before any).
 */
public record Decision(String category, Source source, List<Candidate> candidates, String reason, long dataAgeMs) {

    public enum Source { DATA, RULES, NONE }

    /** A model to try; {@code provider} as its calls reported it (null from the rule table). */
    public record Candidate(String model, String provider, boolean degraded) {
    }

    /** The first model, or null when nothing can be recommended. */
    public String best() {
        return candidates.isEmpty() ? null : candidates.get(0).model();
    }

    public List<String> models() {
        List<String> models = new ArrayList<>(candidates.size());
        candidates.forEach(candidate -> models.add(candidate.model()));
        return models;
    }
}
