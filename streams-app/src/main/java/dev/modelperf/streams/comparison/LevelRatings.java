package dev.modelperf.streams.comparison;

import dev.modelperf.routing.rating.ModelRating;
import java.util.List;
import java.util.Map;

/**
 * The ratings of one tenant's category level, every {@link RatingWindow} at once, as last fitted:
 * what the ratings store holds and the query API reads.
 *
 * @param asOfMs when (wall clock) they were fitted
 * @param dayMs  the start of the UTC day the windows end with
 */
public record LevelRatings(long asOfMs, long dayMs, Map<RatingWindow, WindowRatings> windows) {

    public LevelRatings {
        windows = Map.copyOf(windows);
    }

    /**
     * One window's fit: models strongest first (centred logits, robust standard errors), the
     * comparisons and pairwise results it was fitted from, and the Newton steps it took.
     */
    public record WindowRatings(long fromMs, long comparisons, long results, int iterations, boolean converged,
                                List<ModelRating> ratings) {

        public WindowRatings {
            ratings = List.copyOf(ratings);
        }

        public static WindowRatings empty(long fromMs) {
            return new WindowRatings(fromMs, 0, 0, 0, true, List.of());
        }
    }

    /** The window's fit; an empty one when the window holds no comparison. */
    public WindowRatings window(RatingWindow window) {
        return windows.getOrDefault(window, WindowRatings.empty(window.fromMs(dayMs)));
    }
}
