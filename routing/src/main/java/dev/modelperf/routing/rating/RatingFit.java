package dev.modelperf.routing.rating;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Bradley–Terry fit of one pairwise matrix: every model's rating, strongest first, and how the
 * fit went ({@code iterations} Newton steps; {@code converged} false only when the step limit was
 * reached first).
 */
public record RatingFit(List<ModelRating> ratings, long comparisons, long results, int iterations, boolean converged) {

    public RatingFit {
        ratings = List.copyOf(ratings);
    }

    /** Each model's centred logit: where the next fit of a grown matrix starts. */
    public Map<String, Double> logits() {
        Map<String, Double> logits = new HashMap<>();
        ratings.forEach(rating -> logits.put(rating.model(), rating.logit()));
        return logits;
    }
}
