package dev.modelperf.query.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers an un-keyed read from every instance: this instance's own part and every other
 * instance's, merged only when together they cover each partition of the calls topic exactly once.
 * Anything else (a rebalance moving partitions, a part not ready, an instance gone) is retried
 * until the deadline, then answered 503.
 */
public final class Gatherer {

    private final Instances instances;
    private final InstanceClient client;
    private final PartitionCoverage coverage;
    private final Retries retries;

    public Gatherer(Instances instances, InstanceClient client, PartitionCoverage coverage, Retries retries) {
        this.instances = instances;
        this.client = client;
        this.coverage = coverage;
        this.retries = retries;
    }

    /**
     * {@code merge} of the parts in one fixed order, this instance's first, then the others' in
     * metadata order. {@code localPart} throws {@link RetryableException} while this instance's
     * part is not ready; every other instance answers {@code remotePathAndQuery} with a
     * {@code remoteType}.
     */
    public <P extends Part, R> CompletableFuture<R> gather(Supplier<? extends P> localPart, String remotePathAndQuery,
                                                          Class<? extends P> remoteType, Function<List<P>, R> merge) {
        return retries.untilDeadline(() -> attempt(localPart, remotePathAndQuery, remoteType, merge));
    }

    private <P extends Part, R> CompletableFuture<R> attempt(Supplier<? extends P> localPart, String remotePathAndQuery,
                                                            Class<? extends P> remoteType, Function<List<P>, R> merge) {
        P local = localPart.get();
        List<CompletableFuture<? extends P>> remote = new ArrayList<>();
        for (HostInfo host : instances.others()) {
            remote.add(client.part(host, remotePathAndQuery, remoteType));
        }
        return CompletableFuture.allOf(remote.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<P> parts = new ArrayList<>(1 + remote.size());
            parts.add(local);
            remote.forEach(part -> parts.add(part.join()));
            coverage.requireComplete(parts);
            return merge.apply(List.copyOf(parts));
        });
    }
}
