package dev.modelperf.query.ratings;

import dev.modelperf.routing.rating.EloScale;
import dev.modelperf.routing.rating.ModelRating;
import dev.modelperf.streams.comparison.LevelRatings;
import dev.modelperf.streams.comparison.RatingWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code GET /api/v1/ratings}: one level's Bradley–Terry ratings over a window,
 * strongest first, on the Elo-like {@code scale}, each with its 95 % interval ({@code low},
 * {@code high}). The window is [{@code from}, {@code until}): whole UTC days, the fitted day's end
 * last, the same days as {@code GET /api/v1/ensemble} over the same window. {@code pairs} counts the
 * pairwise results fitted (a tie once); {@code asOf} is when they were fitted, or now when the level
 * has no comparison in the longest window.
 */
public record RatingsView(String tenant, String category, String window, Instant from, Instant until, long comparisons, long pairs, Scale scale,
                          List<Rating> ratings, Instant asOf) {

    public record Scale(double center, double perLogit) {
    }

    /** One model; {@code wins} and {@code losses} count a tie as half of each; {@code standardError} is in points. */
    public record Rating(int rank, String model, double rating, double low, double high, double standardError, double wins,
                         double losses, long comparisons) {
    }

    public static RatingsView of(String tenant, String level, RatingWindow window, Optional<LevelRatings> stored, long nowMs) {
        EloScale scale = EloScale.ARENA;
        Scale shownScale = new Scale(scale.center(), round(scale.perLogit(), 100));
        if (stored.isEmpty()) {
            long today = RatingWindow.dayOf(nowMs);
            return new RatingsView(tenant, level, window.label(), Instant.ofEpochMilli(window.fromMs(today)),
                    Instant.ofEpochMilli(window.untilMs(today)), 0, 0, shownScale, List.of(), Instant.ofEpochMilli(nowMs));
        }
        LevelRatings.WindowRatings fit = stored.get().window(window);
        List<Rating> ratings = new ArrayList<>(fit.ratings().size());
        for (ModelRating rating : fit.ratings()) {
            ratings.add(new Rating(ratings.size() + 1, rating.model(), round(rating.rating(scale), 10), round(rating.low(scale), 10),
                    round(rating.high(scale), 10), round(scale.points(rating.standardError()), 10), rating.wins(), rating.losses(),
                    rating.comparisons()));
        }
        return new RatingsView(tenant, level, window.label(), Instant.ofEpochMilli(fit.fromMs()),
                Instant.ofEpochMilli(window.untilMs(stored.get().dayMs())), fit.comparisons(), fit.results(), shownScale, ratings,
                Instant.ofEpochMilli(stored.get().asOfMs()));
    }

    private static double round(double value, double per) {
        return Math.round(value * per) / per;
    }
}
