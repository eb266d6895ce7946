package dev.modelperf.query.stats;

import dev.modelperf.query.cluster.Cluster;
import dev.modelperf.query.cluster.LocalAssignment;
import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.CallStatsSerde;
import dev.modelperf.streams.aggregate.StatsKey;
import dev.modelperf.streams.aggregate.StatsReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers un-keyed aggregate questions (categories, models, summary, trends) across instances:
 * this instance reads its own stores, every other instance sends its partial aggregates (mergeable
 * sketches and sums, in the stores' own binary form), and the merge stands only when the partials
 * cover every partition exactly once. Otherwise the question is asked again until the deadline.
 */
public final class ClusterStats implements StatsSource {

    /** Where an instance serves its own partial aggregates to the others. */
    public static final String INTERNAL_PATH = "/internal/v1/stats";

    private final StatsReader reader;
    private final LocalAssignment assignment;
    private final Cluster cluster;

    public ClusterStats(StatsReader reader, LocalAssignment assignment, Cluster cluster) {
        this.reader = reader;
        this.assignment = assignment;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<Map<Bucket, CallStats>> collect(StatsRequest request) {
        return cluster.withRetries(() -> attempt(request));
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

    private CompletableFuture<Map<Bucket, CallStats>> attempt(StatsRequest request) {
        LocalPartial local = local(request);
        List<HostInfo> others = cluster.others();
        if (others.isEmpty()) {
            cluster.requireComplete(List.of(local.partitions()), "Aggregates");
            return CompletableFuture.completedFuture(local.aggregates());
        }
        String query = query(request);
        List<CompletableFuture<Partial>> remote = new ArrayList<>();
        for (HostInfo host : others) {
            remote.add(cluster.part(host, query, Partial.class));
        }
        return CompletableFuture.allOf(remote.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Set<Integer>> partitions = new ArrayList<>();
            partitions.add(local.partitions());
            Map<Bucket, CallStats> merged = new HashMap<>(local.aggregates());
            for (CompletableFuture<Partial> future : remote) {
                Partial partial = future.join();
                partitions.add(partial.partitions());
                for (Entry entry : partial.entries()) {
                    CallStats stats = CallStatsSerde.decode(entry.stats());
                    merged.merge(new Bucket(StatsKey.decode(entry.key()), entry.start()), stats, CallStats::merge);
                }
            }
            cluster.requireComplete(partitions, "Aggregates");
            return merged;
        });
    }

    private static String query(StatsRequest request) {
        StringBuilder query = new StringBuilder(INTERNAL_PATH).append("?tenant=").append(Cluster.encode(request.tenant()))
                .append("&from=").append(request.fromMs()).append("&to=").append(request.toMs());
        if (request.interval() != null) {
            query.append("&interval=").append(request.interval().name());
        }
        if (request.level() != null) {
            query.append("&level=").append(Cluster.encode(request.level()));
        }
        if (request.model() != null) {
            query.append("&model=").append(Cluster.encode(request.model()));
        }
        return query.toString();
    }

    /** Aggregates read here, from these partitions. */
    public record LocalPartial(Set<Integer> partitions, Map<Bucket, CallStats> aggregates) {
    }

    /** Aggregates as sent between instances: keys encoded, aggregates in the stores' binary form. */
    public record Partial(Set<Integer> partitions, List<Entry> entries) {
    }

    public record Entry(String key, long start, byte[] stats) {
    }
}
