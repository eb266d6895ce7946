package dev.modelperf.query.ingest;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.query.config.ModelPerfSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The HTTP ingest's producer: the same keys, topics and wire format as {@code ModelPerfClient}
 * (calls {@code tenant|model}, feedback and judgments {@code tenant|callEventId}, routing decisions and outcomes their
 * {@code decisionId}, comparisons {@code tenant|eventId}), {@code acks=all} and
 * idempotent, with every send's callback checked (KAFKA-15591). The process's {@code kafka.*}
 * settings that are producer settings (security, for instance) apply too.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private final Producer<String, SpecificRecord> producer;
    private final String callsTopic;
    private final String feedbackTopic;
    private final String routingDecisionsTopic;
    private final String routingOutcomesTopic;
    private final String comparisonsTopic;
    private final String judgmentsTopic;

    public KafkaEventPublisher(ModelPerfSettings settings, SchemaRegistry registry) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A request thread waits for the answer: bound how long Kafka may take to give it.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        settings.streams().kafka().forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.streams().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.streams().applicationId() + "-ingest");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new RegistryAvroSerializer<>(registry));
        this.callsTopic = settings.streams().topics().calls();
        this.feedbackTopic = settings.streams().topics().feedback();
        this.routingDecisionsTopic = settings.streams().topics().routingDecisions();
        this.routingOutcomesTopic = settings.streams().topics().routingOutcomes();
        this.comparisonsTopic = settings.streams().topics().comparisons();
        this.judgmentsTopic = settings.streams().topics().judgments();
    }

    @Override
    public CompletableFuture<Void> publishCalls(List<ModelCall> calls) {
        return sendAll(calls.stream().map(call -> record(callsTopic, new CallKey(call.getTenant(), call.getModel()).encode(),
                call.getTimestamp().toEpochMilli(), call)).toList());
    }

    @Override
    public CompletableFuture<Void> publishFeedback(List<Feedback> feedback) {
        return sendAll(feedback.stream().map(f -> record(feedbackTopic, new FeedbackKey(f.getTenant(), f.getCallEventId()).encode(),
                f.getTimestamp().toEpochMilli(), f)).toList());
    }

    @Override
    public CompletableFuture<Void> publishRoutingDecisions(List<RoutingDecision> decisions) {
        return sendAll(decisions.stream().map(d -> record(routingDecisionsTopic, d.getDecisionId(), d.getTimestamp().toEpochMilli(), d))
                .toList());
    }

    @Override
    public CompletableFuture<Void> publishRoutingOutcomes(List<RoutingOutcome> outcomes) {
        return sendAll(outcomes.stream().map(o -> record(routingOutcomesTopic, o.getDecisionId(), o.getTimestamp().toEpochMilli(), o))
                .toList());
    }

    @Override
    public CompletableFuture<Void> publishComparisons(List<Comparison> comparisons) {
        return sendAll(comparisons.stream().map(c -> record(comparisonsTopic, new ComparisonKey(c.getTenant(), c.getEventId()).encode(),
                c.getTimestamp().toEpochMilli(), c)).toList());
    }

    @Override
    public CompletableFuture<Void> publishJudgments(List<Judgment> judgments) {
        return sendAll(judgments.stream().map(j -> record(judgmentsTopic, new FeedbackKey(j.getTenant(), j.getCallEventId()).encode(),
                j.getTimestamp().toEpochMilli(), j)).toList());
    }

    private static ProducerRecord<String, SpecificRecord> record(String topic, String key, long timestamp, SpecificRecord value) {
        return new ProducerRecord<>(topic, null, timestamp, key, value);
    }

    private CompletableFuture<Void> sendAll(List<ProducerRecord<String, SpecificRecord>> records) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            sends[i] = sent;
            try {
                producer.send(records.get(i), (metadata, exception) -> {
                    if (exception != null) {
                        sent.completeExceptionally(exception);
                    } else {
                        sent.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                // Metadata not available within max.block.ms, serialization, a closed producer: never sent.
                sent.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(sends);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
