package dev.modelperf.query.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The instances of this app and how to ask them. Each instance advertises its HTTP address as
 * {@code application.server}; without one, this is the only instance. A request this instance
 * sends to another carries {@link #FORWARDED_HEADER}, and an instance never forwards such a
 * request again, so that two instances with different views of the assignment cannot bounce it.
 */
public final class Cluster {

    /** Marks a request sent by another instance. */
    public static final String FORWARDED_HEADER = "X-ModelPerf-Forwarded";

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;
    private final int partitionCount;
    private final Duration retryDeadline;
    private final Duration forwardTimeout;
    private final HttpClient http;
    private final ObjectMapper mapper;

    public Cluster(KafkaStreams streams, Optional<String> applicationServer, int partitionCount, Duration retryDeadline,
                   Duration forwardTimeout, ObjectMapper mapper) {
        this.streams = streams;
        this.mapper = mapper;
        this.self = applicationServer.map(HostInfo::buildFromEndpoint);
        this.partitionCount = partitionCount;
        this.retryDeadline = retryDeadline;
        this.forwardTimeout = forwardTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(forwardTimeout).build();
    }

    /** Partitions of the calls topic: a complete answer covers each exactly once. */
    public int partitionCount() {
        return partitionCount;
    }

    public Duration retryDeadline() {
        return retryDeadline;
    }

    /**
     * Fails, to be retried, unless {@code partitionSets} (one per instance that answered) cover
     * every partition of the calls topic exactly once: otherwise an answer would miss or double
     * some models.
     */
    public void requireComplete(List<Set<Integer>> partitionSets, String what) {
        Set<Integer> covered = new TreeSet<>();
        int claimed = 0;
        for (Set<Integer> partitions : partitionSets) {
            covered.addAll(partitions);
            claimed += partitions.size();
        }
        if (covered.size() != partitionCount || claimed != covered.size()) {
            throw new RetryableException(what + " are being moved between instances (partitions covered " + covered + " of "
                    + partitionCount + ", " + (claimed - covered.size()) + " claimed twice)");
        }
    }

    /** The other instances that run the app now (none without {@code application.server}). */
    public List<HostInfo> others() {
        if (self.isEmpty()) {
            return List.of();
        }
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self.get())) {
                others.add(instance.hostInfo());
            }
        }
        return others;
    }

    /**
     * Where the aggregates of {@code partitionKey} live: empty for this instance, the owner
     * otherwise; {@link Owner#unknown()} while a rebalance leaves it open.
     */
    public Owner ownerOf(String storeName, String partitionKey) {
        if (self.isEmpty()) {
            return Owner.LOCAL;
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, partitionKey, KEYS);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Owner.UNKNOWN;
        }
        return metadata.activeHost().equals(self.get()) ? Owner.LOCAL : new Owner(metadata.activeHost());
    }

    /** GETs {@code pathAndQuery} from {@code host}, marked as forwarded. */
    public CompletableFuture<HttpResponse<byte[]>> get(HostInfo host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(forwardTimeout)
                .header(FORWARDED_HEADER, "true")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Another instance's own part of an answer, read as {@code type}; a failure to answer, or any
     * status but 200 (that instance is starting or rebalancing), is worth retrying.
     */
    public <T> CompletableFuture<T> part(HostInfo host, String pathAndQuery, Class<T> type) {
        return get(host, pathAndQuery).handle((response, failure) -> {
            if (failure != null) {
                throw new RetryableException("Instance " + host + " did not answer: " + failure.getMessage());
            }
            if (response.statusCode() != 200) {
                throw new RetryableException("Instance " + host + " answered " + response.statusCode());
            }
            try {
                return mapper.readValue(response.body(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("Instance " + host + " sent a " + type.getSimpleName()
                        + " this instance cannot read", e);
            }
        });
    }

    /** {@code value} as a query-string parameter value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code attempt} until it answers or the retry deadline passes, waiting a little longer
     * after each {@link RetryableException} without holding a request thread; after the deadline
     * the last failure stands (answered 503 with Retry-After).
     */
    public <T> CompletableFuture<T> withRetries(Supplier<CompletableFuture<T>> attempt) {
        long deadline = System.nanoTime() + retryDeadline.toNanos();
        CompletableFuture<T> result = new CompletableFuture<>();
        run(attempt, deadline, 25, result);
        return result;
    }

    private <T> void run(Supplier<CompletableFuture<T>> attempt, long deadline, long backoffMs, CompletableFuture<T> result) {
        CompletableFuture<T> tried;
        try {
            tried = attempt.get();
        } catch (RuntimeException e) {
            tried = CompletableFuture.failedFuture(e);
        }
        tried.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof RetryableException && System.nanoTime() + backoffMs * 1_000_000 < deadline) {
                CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS)
                        .execute(() -> run(attempt, deadline, Math.min(backoffMs * 2, 400), result));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The instance that holds a key: this one, another, or none known yet. */
    public record Owner(HostInfo host) {
        static final Owner LOCAL = new Owner(null);
        static final Owner UNKNOWN = new Owner(HostInfo.unavailable());

        public boolean isLocal() {
            return host == null;
        }

        public boolean unknown() {
            return host != null && host.equals(HostInfo.unavailable());
        }
    }
}
