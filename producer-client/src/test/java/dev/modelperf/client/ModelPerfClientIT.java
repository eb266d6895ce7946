package dev.modelperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real local broker: what CallTimer and feedback() write, the meters, and close() flushing. */
class ModelPerfClientIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        try (Admin admin = stack.admin()) {
            List<String> topics = List.of("it.calls", "it.feedback", "close.calls", "close.feedback",
                    "rt.routing-decisions.v1", "rt.routing-outcomes.v1", "cj.comparisons.v1", "cj.judgments.v1");
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
            // KAFKA-15591: an idempotent producer's first batch to a leaderless partition can fail; wait for leaders.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty()));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static ModelPerfClient.Builder client(String topicPrefix, SimpleMeterRegistry meters) {
        return ModelPerfClient.builder()
                .bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())))
                .tenant("it")
                .callsTopic(topicPrefix + ".calls")
                .feedbackTopic(topicPrefix + ".feedback")
                .meterRegistry(meters);
    }

    @Test
    void callTimerAndFeedbackWriteWhatTheySayKeyedForTheirJoins() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        String okId;
        String limitedId;
        String timedOutId;
        try (ModelPerfClient client = client("it", meters).clientId("it-client").build()) {
            CallTimer ok = client.start("openai/gpt-4o", "openai", "code/backend/api").conversationId("conv-1").firstToken();
            sends.add(ok.success(1200, 310));
            okId = ok.eventId();
            CallTimer limited = client.start("llama3:70b", "ollama", "writing/marketing");
            sends.add(limited.failure(429));
            limitedId = limited.eventId();
            CallTimer timedOut = client.start("llama3:70b", "ollama", "writing/marketing");
            sends.add(timedOut.failure(new SocketTimeoutException("Read timed out")));
            timedOutId = timedOut.eventId();
            sends.add(client.feedback(Feedback.newBuilder()
                    .setEventId("fb-1").setTimestamp(Instant.now()).setCallEventId(okId)
                    .setSource(FeedbackSource.USER).setRating(1).setImplemented(true).build()));
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();

            assertThat(meters.get("modelperf.client.sent").tags("client", "it-client", "event", "call").counter().count()).isEqualTo(3);
            assertThat(meters.get("modelperf.client.sent").tags("event", "feedback").counter().count()).isEqualTo(1);
            assertThat(meters.get("modelperf.client.failed").tags("event", "call").counter().count()).isZero();
            assertThat(meters.get("modelperf.client.send.latency").tags("event", "call").timer().count()).isEqualTo(3);
            assertThat(meters.get("modelperf.client.buffer.depth").gauge().value()).isZero();
        }

        Map<String, ConsumerRecord<String, SpecificRecord>> calls = readAll("it.calls", ModelCall.getClassSchema(), 3);
        assertThat(calls.get(okId)).satisfies(record -> {
            ModelCall call = (ModelCall) record.value();
            assertThat(record.key()).isEqualTo("it|openai/gpt-4o");
            assertThat(record.timestamp()).isEqualTo(call.getTimestamp().toEpochMilli());
            assertThat(call.getTenant()).isEqualTo("it");
            assertThat(call.getStatus()).isEqualTo(CallStatus.OK);
            assertThat(call.getInputTokens()).isEqualTo(1200);
            assertThat(call.getOutputTokens()).isEqualTo(310);
            assertThat(call.getTimeToFirstTokenMs()).isNotNull().isBetween(0L, call.getLatencyMs());
            assertThat(call.getConversationId()).isEqualTo("conv-1");
        });
        assertThat((ModelCall) calls.get(limitedId).value()).satisfies(call -> {
            assertThat(call.getStatus()).isEqualTo(CallStatus.RATE_LIMITED);
            assertThat(call.getErrorType()).isEqualTo("429");
            assertThat(call.getErrorMessage()).isEqualTo("HTTP 429");
        });
        assertThat((ModelCall) calls.get(timedOutId).value()).satisfies(call -> {
            assertThat(call.getStatus()).isEqualTo(CallStatus.TIMEOUT);
            assertThat(call.getErrorType()).isEqualTo("java.net.SocketTimeoutException");
        });
        Map<String, ConsumerRecord<String, SpecificRecord>> feedback = readAll("it.feedback", Feedback.getClassSchema(), 1);
        assertThat(feedback.get("fb-1")).satisfies(record -> {
            assertThat(record.key()).isEqualTo("it|" + okId);
            assertThat(((Feedback) record.value()).getTenant()).isEqualTo("it");
        });
    }

    @Test
    void routingDecisionsAndOutcomesAreKeyedByDecisionIdSoTheyMeet() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl()))).tenant("it")
                .topicPrefix("rt.").clientId("rt-client").meterRegistry(meters).build()) {
            LayerAttempt keyword = LayerAttempt.newBuilder().setLayerId("keyword").setConfidence(0.92).setThreshold(0.8)
                    .setAccepted(true).setTarget("billing").setLatencyMs(1.5).build();
            client.recordRoutingDecision(RoutingDecision.newBuilder().setDecisionId("rd-1").setTimestamp(Instant.now())
                    .setLayers(List.of(keyword)).setFinalLayer("keyword").setFinalTarget("billing").setTotalLatencyMs(1.5).build()).get();
            client.recordRoutingOutcome(RoutingOutcome.newBuilder().setEventId("ro-1").setTimestamp(Instant.now())
                    .setDecisionId("rd-1").setCompleted(true).setCorrect(true).build()).get();
            assertThat(meters.get("modelperf.client.sent").tags("event", "routing-decision").counter().count()).isEqualTo(1);
            assertThat(meters.get("modelperf.client.sent").tags("event", "routing-outcome").counter().count()).isEqualTo(1);
        }
        ConsumerRecord<String, SpecificRecord> decision = readAll("rt.routing-decisions.v1", RoutingDecision.getClassSchema(), 1).get("rd-1");
        assertThat(decision.key()).isEqualTo("rd-1");
        assertThat(((RoutingDecision) decision.value()).getTenant()).isEqualTo("it");
        ConsumerRecord<String, SpecificRecord> outcome = readAll("rt.routing-outcomes.v1", RoutingOutcome.getClassSchema(), 1).get("ro-1");
        assertThat(outcome.key()).isEqualTo("rd-1");
        assertThat(((RoutingOutcome) outcome.value()).getCorrect()).isTrue();
    }

    @Test
    void comparisonsAreKeyedByTheirIdAndJudgmentsLikeFeedback() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .schemaRegistry(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl()))).tenant("it")
                .topicPrefix("cj.").clientId("cj-client").meterRegistry(meters).build()) {
            client.recordComparison(Comparison.newBuilder().setEventId("cmp-1").setTimestamp(Instant.now()).setCategory("code")
                    .setEntries(List.of(ComparisonEntry.newBuilder().setModel("a").setScore(0.9).build(),
                            ComparisonEntry.newBuilder().setModel("b").setScore(0.4).build()))
                    .setWinner("a").build()).get();
            client.recordJudgment(Judgment.newBuilder().setEventId("jdg-1").setTimestamp(Instant.now()).setCallEventId("call-7")
                    .setJudge("rubric").setScores(Map.of("correctness", 0.75)).build()).get();
            assertThat(meters.get("modelperf.client.sent").tags("event", "comparison").counter().count()).isEqualTo(1);
            assertThat(meters.get("modelperf.client.sent").tags("event", "judgment").counter().count()).isEqualTo(1);
        }
        ConsumerRecord<String, SpecificRecord> comparison = readAll("cj.comparisons.v1", Comparison.getClassSchema(), 1).get("cmp-1");
        assertThat(comparison.key()).isEqualTo("it|cmp-1");
        assertThat(((Comparison) comparison.value()).getWinner()).isEqualTo("a");
        ConsumerRecord<String, SpecificRecord> judgment = readAll("cj.judgments.v1", Judgment.getClassSchema(), 1).get("jdg-1");
        assertThat(judgment.key()).isEqualTo("it|call-7");
        assertThat(((Judgment) judgment.value()).getScores()).containsEntry("correctness", 0.75);
    }

    @Test
    void closeSendsEverythingBufferedBeforeItReturns() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        try (ModelPerfClient client = client("close", meters).bufferCapacity(5_000).build()) {
            for (int i = 0; i < 2_000; i++) {
                sends.add(client.record(ModelCall.newBuilder()
                        .setEventId("close-" + i).setTimestamp(Instant.now()).setModel("m" + i % 7).setProvider("p")
                        .setCategory("translation").setLatencyMs(10).setStatus(CallStatus.OK).build()));
            }
        }
        assertThat(sends).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(endOffsets("close.calls")).isEqualTo(2_000);
    }

    private static Map<String, ConsumerRecord<String, SpecificRecord>> readAll(String topic, Schema schema, int expected) {
        Map<String, ConsumerRecord<String, SpecificRecord>> byEventId = new java.util.HashMap<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new RegistryAvroDeserializer<>(stack.registry(), schema))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                    byEventId.put(String.valueOf(record.value().get(0)), record);
                }
                return byEventId.size() >= expected;
            });
        }
        assertThat(byEventId).hasSize(expected);
        return byEventId;
    }

    private static long endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
