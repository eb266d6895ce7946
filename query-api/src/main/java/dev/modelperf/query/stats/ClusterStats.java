package dev.modelperf.query.stats;

import dev.modelperf.query.cluster.Gatherer;
import dev.modelperf.query.cluster.LocalAssignment;
import dev.modelperf.query.cluster.Part;
import dev.modelperf.query.cluster.PathAndQuery;
import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStatsSerde;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.stores.StatsReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers un-keyed aggregate questions (categories, models, summary, trends) across instances:
 * this instance reads its own stores, every other instance sends its partial aggregates (mergeable
 * sketches and sums, in the stores' own binary form), and the gathered parts are merged.
 */
public final class ClusterStats implements StatsSource {

    /** Where an instance serves its own partial aggregates to the others. */
    public static final String INTERNAL_PATH = "/internal/v1/stats";

    private final StatsReader reader;
    private final LocalAssignment assignment;
    private final Gatherer gatherer;

    public ClusterStats(StatsReader reader, LocalAssignment assignment, Gatherer gatherer) {
        this.reader = reader;
        this.assignment = assignment;
        this.gatherer = gatherer;
    }

    @Override
    public CompletableFuture<Map<Bucket, CallStats>> collect(StatsRequest request) {
        String remote = new PathAndQuery(INTERNAL_PATH).with("tenant", request.tenant())
                .with("from", request.fromMs()).with("to", request.toMs())
                .with("interval", request.interval() == null ? null : request.interval().name())
                .with("level", request.level()).with("model", request.model())
                .toString();
        return gatherer.gather(() -> local(request), remote, Partial.class,
                ClusterStats::merge);
    }

    /** This instance's stores only, without retries: for keyed reads, which the owner of the key answers alone. */
    public StatsSource localOnly() {
        return request -> CompletableFuture.completedFuture(local(request).aggregates());
    }

    /** This instance's partial aggregates, and the partitions they come from. */
    public LocalPartial local(StatsRequest request) {
        Optional<Set<Integer>> before = assignment.partitions();
        if (before.isEmpty()) {
            throw new RetryableException("Call statistics are not queryable yet (the streams app is starting or rebalancing)");
        }
        Map<Bucket, CallStats> aggregates = new HashMap<>();
        reader.scan(request.tenant(), request.fromMs(), request.toMs(), request.coarsest(), (key, resolution, start, stats) -> {
            if ((request.level() == null || key.category().equals(request.level()))
                    && (request.model() == null || key.model().equals(request.model()))) {
                aggregates.computeIfAbsent(new Bucket(key, request.bucket(start)), b -> new CallStats()).merge(stats);
            }
        });
        if (!assignment.partitions().equals(before)) {
            throw new RetryableException("Partitions moved while this instance read its aggregates");
        }
        return new LocalPartial(before.get(), aggregates);
    }

    /** {@link #local} in the form sent to another instance. */
    public Partial localForRemote(StatsRequest request) {
        LocalPartial local = local(request);
        List<Entry> entries = new ArrayList<>(local.aggregates().size());
        local.aggregates().forEach((bucket, stats) ->
                entries.add(new Entry(bucket.key().encode(), bucket.start(), CallStatsSerde.encode(stats))));
        return new Partial(local.partitions(), entries);
    }

    /** A model's aggregates all live in one partition: parts that cover each partition once never share a bucket. */
    private static Map<Bucket, CallStats> merge(List<StatsPart> parts) {
        Map<Bucket, CallStats> merged = new HashMap<>();
        for (StatsPart part : parts) {
            part.aggregates().forEach((bucket, stats) -> merged.merge(bucket, stats, CallStats::merge));
        }
        return merged;
    }

    /** One instance's partial aggregates: read here, or sent by another instance. */
    sealed interface StatsPart extends Part permits LocalPartial, Partial {

        Map<Bucket, CallStats> aggregates();
    }

    /** Aggregates read here, from these partitions. */
    public record LocalPartial(Set<Integer> partitions, Map<Bucket, CallStats> aggregates) implements StatsPart {
    }

    /** Aggregates as sent between instances: keys encoded, aggregates in the stores' binary form. */
    public record Partial(Set<Integer> partitions, List<Entry> entries) implements StatsPart {

        /** The aggregates decoded. */
        @Override
        public Map<Bucket, CallStats> aggregates() {
            Map<Bucket, CallStats> aggregates = new HashMap<>();
            for (Entry entry : entries) {
                aggregates.merge(new Bucket(StatsKey.decode(entry.key()), entry.start()), CallStatsSerde.decode(entry.stats()),
                        CallStats::merge);
            }
            return aggregates;
        }
    }

    public record Entry(String key, long start, byte[] stats) {
    }
}
