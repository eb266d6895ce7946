package dev.modelperf.query.rankings;

import dev.modelperf.query.cluster.Cluster;
import dev.modelperf.query.cluster.RetryableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Gathers the ready-made figures of a (tenant, window) and some category levels from this
 * instance and every other one. A model's aggregates all live in one partition, so merging is
 * putting the lists together; the answer stands only if the instances' snapshots cover every
 * partition of the calls topic exactly once. Anything else (a rebalance moving partitions, a view
 * not rebuilt yet, an instance gone) is retried until the deadline, then answered 503.
 */
public final class FiguresGatherer {

    /** Where an instance serves its own figures to the others. */
    public static final String INTERNAL_PATH = "/internal/v1/rankings/figures";

    private final RankingsView view;
    private final Cluster cluster;

    public FiguresGatherer(RankingsView view, Cluster cluster) {
        this.view = view;
        this.cluster = cluster;
    }

    public CompletableFuture<Gathered> gather(String tenant, RankingWindow window, List<String> categories) {
        return cluster.withRetries(() -> attempt(tenant, window, categories));
    }

    /** This instance's own figures, for another instance that gathers. */
    public RankingsView.Slice local(String tenant, RankingWindow window, List<String> categories) {
        return view.slice(tenant, window, categories)
                .orElseThrow(() -> new RetryableException("The rankings view of this instance is not built yet"));
    }

    private CompletableFuture<Gathered> attempt(String tenant, RankingWindow window, List<String> categories) {
        RankingsView.Slice local = local(tenant, window, categories);
        List<HostInfo> others = cluster.others();
        if (others.isEmpty()) {
            return CompletableFuture.completedFuture(merge(List.of(local), categories));
        }
        StringBuilder query = new StringBuilder(INTERNAL_PATH).append("?tenant=").append(Cluster.encode(tenant))
                .append("&window=").append(Cluster.encode(window.label()));
        categories.forEach(category -> query.append("&category=").append(Cluster.encode(category)));
        List<CompletableFuture<RankingsView.Slice>> remote = new ArrayList<>();
        for (HostInfo host : others) {
            remote.add(cluster.part(host, query.toString(), RankingsView.Slice.class));
        }
        return CompletableFuture.allOf(remote.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<RankingsView.Slice> slices = new ArrayList<>();
            slices.add(local);
            remote.forEach(future -> slices.add(future.join()));
            return merge(slices, categories);
        });
    }

    private Gathered merge(List<RankingsView.Slice> slices, List<String> categories) {
        long asOf = Long.MAX_VALUE;
        List<Set<Integer>> partitions = new ArrayList<>();
        for (RankingsView.Slice slice : slices) {
            partitions.add(slice.partitions());
            asOf = Math.min(asOf, slice.asOfMs());
        }
        cluster.requireComplete(partitions, "Rankings");
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
