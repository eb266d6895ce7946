package dev.modelperf.query.rankings;

import dev.modelperf.query.cluster.Gatherer;
import dev.modelperf.query.cluster.PathAndQuery;
import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.routing.ModelFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the ready-made figures of a (tenant, window) and some category levels from every
 * instance. A model's aggregates all live in one partition, so merging is putting the lists
 * together.
 */
public final class FiguresGatherer {

    /** Where an instance serves its own figures to the others. */
    public static final String INTERNAL_PATH = "/internal/v1/rankings/figures";

    private final RankingsView view;
    private final Gatherer gatherer;

    public FiguresGatherer(RankingsView view, Gatherer gatherer) {
        this.view = view;
        this.gatherer = gatherer;
    }

    public CompletableFuture<Gathered> gather(String tenant, RankingWindow window, List<String> categories) {
        PathAndQuery remote = new PathAndQuery(INTERNAL_PATH).with("tenant", tenant).with("window", window.label());
        categories.forEach(category -> remote.with("category", category));
        return gatherer.gather(() -> local(tenant, window, categories), remote.toString(), RankingsView.Slice.class,
                slices -> merge(slices, categories));
    }

    /** This instance's own figures, for another instance that gathers. */
    public RankingsView.Slice local(String tenant, RankingWindow window, List<String> categories) {
        return view.slice(tenant, window, categories)
                .orElseThrow(() -> new RetryableException("The rankings view of this instance is not built yet"));
    }

    private static Gathered merge(List<RankingsView.Slice> slices, List<String> categories) {
        long asOf = Long.MAX_VALUE;
        for (RankingsView.Slice slice : slices) {
            asOf = Math.min(asOf, slice.asOfMs());
        }
        Map<String, List<ModelFigures>> byCategory = new LinkedHashMap<>();
        for (String category : categories) {
            List<ModelFigures> models = new ArrayList<>();
            slices.forEach(slice -> models.addAll(slice.byCategory().getOrDefault(category, List.of())));
            byCategory.put(category, models);
        }
        return new Gathered(byCategory, asOf, slices.size());
    }

    /** Every model's figures per requested level, as of the oldest snapshot used, from {@code instances} instances. */
    public record Gathered(Map<String, List<ModelFigures>> byCategory, long asOfMs, int instances) {

        public List<ModelFigures> at(String category) {
            return Optional.ofNullable(byCategory.get(category)).orElse(List.of());
        }
    }
}
