package dev.modelperf.streams;

import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.aggregate.AggregateSettings;
import dev.modelperf.streams.alert.AlertSettings;
import dev.modelperf.streams.cascade.CascadeSettings;
import dev.modelperf.streams.comparison.RatingSettings;
import dev.modelperf.streams.ensemble.EnsembleSettings;
import dev.modelperf.streams.feedback.FeedbackSettings;
import dev.modelperf.streams.health.HealthPolicy;
import dev.modelperf.streams.limit.LimitSettings;
import dev.modelperf.streams.validate.ValidationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the Kafka Streams part of a process needs: the client's own settings and each feature's.
 * The server composes it from the layered settings; {@link #defaults()} holds the same defaults
 * (a server test pins that they agree) so that tests build the topology without the server.
 *
 * @param dedupWindow        how long (in stream time) an event id is remembered: a second call or feedback with the same
 *                           tenant and id within it is a retry and counted once
 * @param limits             how many distinct models and category levels each tenant may have
 * @param registryOutageWait how long a stream thread waits out an unreachable schema registry before its
 *                           transaction is given up and the thread replaced (below the transaction timeout)
 * @param routing how routing outcomes meet their decisions
 * @param ratings how the ratings per category level are kept and refitted
 * @param ensemble how ensemble advice is kept and given
 * @param kafka settings handed to the Kafka clients as they are (the {@code kafka.*} keys without the prefix)
 */
public record StreamsSettings(
        String applicationId,
        String bootstrapServers,
        Topics topics,
        int topicPartitions,
        short topicReplicationFactor,
        boolean createTopics,
        Path stateDir,
        long rocksDbBlockCacheBytes,
        long rocksDbWriteBufferBytes,
        Duration maxFutureSkew,
        double maxCallCostUsd,
        Duration dedupWindow,
        Duration registryOutageWait,
        LimitSettings limits,
        AggregateSettings aggregate,
        FeedbackSettings feedback,
        HealthPolicy health,
        AlertSettings alerts,
        CascadeSettings routing,
        RatingSettings ratings,
        EnsembleSettings ensemble,
        Map<String, String> kafka) {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Longer than any client's or ingest caller's retries of one event. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);
    /** Below the 10 s transaction timeout Kafka Streams sets under exactly-once. */
    public static final Duration DEFAULT_REGISTRY_OUTAGE_WAIT = Duration.ofSeconds(5);

    public StreamsSettings {
        kafka = Map.copyOf(kafka);
    }

    /** Every default, as the server's defaults have them. */
    public static StreamsSettings defaults() {
        String applicationId = "modelperf";
        String bootstrapServers = "localhost:9092";
        return new StreamsSettings(applicationId, bootstrapServers, new Topics(Topics.DEFAULT_PREFIX), 6, (short) 1, true,
                Path.of(System.getProperty("java.io.tmpdir"), "modelperf-state"), 64L << 20, 32L << 20,
                Duration.ofMinutes(5), ModelCallRules.DEFAULT_MAX_CALL_COST_USD, DEFAULT_DEDUP_WINDOW, DEFAULT_REGISTRY_OUTAGE_WAIT, LimitSettings.defaults(),
                AggregateSettings.defaults(), FeedbackSettings.defaults(), HealthPolicy.defaults(),
                AlertSettings.defaults(), CascadeSettings.defaults(), RatingSettings.defaults(), EnsembleSettings.defaults(), Map.of("application.id", applicationId, "bootstrap.servers", bootstrapServers));
    }

    /** Validation accepts a call only while its minute is still in the 1-minute store. */
    public ValidationSettings validation() {
        return new ValidationSettings(maxFutureSkew, maxCallCostUsd, aggregate.minuteRetention().minus(MINUTE));
    }

    public StreamsSettings withDedupWindow(Duration window) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, window, registryOutageWait,
                limits, aggregate, feedback, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withRegistryOutageWait(Duration wait) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, wait,
                limits, aggregate, feedback, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withLimits(LimitSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait,
                replacement, aggregate, feedback, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withStateDir(Path dir) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                dir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withAggregate(AggregateSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, replacement, feedback, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withFeedback(FeedbackSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, replacement, health, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withHealth(HealthPolicy replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, replacement, alerts, routing, ratings, ensemble, kafka);
    }

    public StreamsSettings withRouting(CascadeSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, health, alerts, replacement, ratings, ensemble, kafka);
    }

    public StreamsSettings withRatings(RatingSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, health, alerts, routing, replacement, ensemble, kafka);
    }

    public StreamsSettings withEnsemble(EnsembleSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, health, alerts, routing, ratings, replacement, kafka);
    }

    public StreamsSettings withAlerts(AlertSettings replacement) {
        return new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd, dedupWindow, registryOutageWait, limits, aggregate, feedback, health, replacement, routing, ratings, ensemble, kafka);
    }
}
