package dev.modelperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The buffer-full policy through the public API, against a broker that is not there: the
 * dispatcher's first send waits for metadata, so the buffer behind it fills up.
 */
class ModelPerfClientBufferTest {

    private record Drop(String eventId, DropReason reason) {
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Drop> drops = new CopyOnWriteArrayList<>();

    private ModelPerfClient client(OverflowPolicy policy) {
        return ModelPerfClient.builder()
                .bootstrapServers("127.0.0.1:9")
                .schemaRegistry(new InMemorySchemaRegistry())
                .clientId("buffer-test")
                .bufferCapacity(3)
                .overflowPolicy(policy)
                .maxBlock(Duration.ofMillis(20))
                .closeTimeout(Duration.ZERO)
                .meterRegistry(meters)
                .onDrop((event, reason) -> drops.add(new Drop(((ModelCall) event).getEventId(), reason)))
                .producerConfig(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)
                .build();
    }

    private static ModelCall call(String id) {
        return ModelCall.newBuilder()
                .setEventId(id)
                .setTimestamp(Instant.now())
                .setModel("openai/gpt-4o")
                .setProvider("openai")
                .setCategory("code/backend/api")
                .setLatencyMs(120)
                .setStatus(CallStatus.OK)
                .build();
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private double bufferDepth() {
        return meters.get("modelperf.client.buffer.depth").gauge().value();
    }

    /** Records call 0 and waits until the dispatcher holds it (stuck on metadata), so the buffer is empty. */
    private static CompletableFuture<RecordMetadata> stuckInDispatcher(ModelPerfClient client, SimpleMeterRegistry meters) {
        CompletableFuture<RecordMetadata> first = client.record(call("call-0"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("modelperf.client.buffer.depth").gauge().value() == 0);
        return first;
    }

    @Test
    void dropOldestFailsTheOldestFutureCountsItAndTellsTheListener() {
        ModelPerfClient client = client(OverflowPolicy.DROP_OLDEST);
        CompletableFuture<RecordMetadata> first = stuckInDispatcher(client, meters);
        List<CompletableFuture<RecordMetadata>> buffered = List.of(
                client.record(call("call-1")), client.record(call("call-2")), client.record(call("call-3")));
        assertThat(bufferDepth()).isEqualTo(3);

        CompletableFuture<RecordMetadata> newest = client.record(call("call-4"));

        assertThat(buffered.get(0)).isCompletedExceptionally();
        assertThatThrownBy(() -> buffered.get(0).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DroppedEventException.class)
                .hasMessage("ModelPerf event dropped: the client's buffer was full (Kafka slow or unreachable)")
                .satisfies(e -> assertThat(((DroppedEventException) e).reason()).isEqualTo(DropReason.BUFFER_FULL));
        assertThat(drops).containsExactly(new Drop("call-1", DropReason.BUFFER_FULL));
        assertThat(counter("modelperf.client.dropped", "event", "call", "reason", "buffer_full")).isEqualTo(1);
        assertThat(buffered.subList(1, 3)).noneMatch(CompletableFuture::isDone);
        assertThat(newest).isNotDone();
        assertThat(bufferDepth()).isEqualTo(3);

        client.close();

        assertThat(drops).containsExactly(new Drop("call-1", DropReason.BUFFER_FULL), new Drop("call-2", DropReason.CLOSED),
                new Drop("call-3", DropReason.CLOSED), new Drop("call-4", DropReason.CLOSED));
        assertThat(List.of(first, buffered.get(1), buffered.get(2), newest)).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(meters.getMeters()).as("meters removed on close").isEmpty();
    }

    @Test
    void dropNewestRefusesTheNewEventAndKeepsTheBuffered() {
        try (ModelPerfClient client = client(OverflowPolicy.DROP_NEWEST)) {
            stuckInDispatcher(client, meters);
            List<CompletableFuture<RecordMetadata>> buffered = List.of(
                    client.record(call("call-1")), client.record(call("call-2")), client.record(call("call-3")));
            CompletableFuture<RecordMetadata> newest = client.record(call("call-4"));

            assertThat(newest).isCompletedExceptionally();
            assertThat(buffered).noneMatch(CompletableFuture::isDone);
            assertThat(drops).containsExactly(new Drop("call-4", DropReason.BUFFER_FULL));
            assertThat(counter("modelperf.client.dropped", "event", "call", "reason", "buffer_full")).isEqualTo(1);
        }
    }

    @Test
    void blockWaitsUpToMaxBlockThenRefuses() {
        try (ModelPerfClient client = client(OverflowPolicy.BLOCK)) {
            stuckInDispatcher(client, meters);
            client.record(call("call-1"));
            client.record(call("call-2"));
            client.record(call("call-3"));
            long started = System.nanoTime();
            CompletableFuture<RecordMetadata> newest = client.record(call("call-4"));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(newest).isCompletedExceptionally();
            assertThat(drops).containsExactly(new Drop("call-4", DropReason.BUFFER_FULL));
        }
    }

    @Test
    void aClosedClientRefusesEventsLoudly() {
        ModelPerfClient client = client(OverflowPolicy.DROP_OLDEST);
        client.close();
        client.close();
        client.flush();
        assertThatThrownBy(() -> client.record(call("late"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("ModelPerfClient is closed");
    }

    @Test
    void aThrowingDropListenerDoesNotBreakTheCaller() {
        try (ModelPerfClient client = ModelPerfClient.builder()
                .bootstrapServers("127.0.0.1:9")
                .schemaRegistry(new InMemorySchemaRegistry())
                .bufferCapacity(1)
                .overflowPolicy(OverflowPolicy.DROP_NEWEST)
                .closeTimeout(Duration.ZERO)
                .meterRegistry(meters)
                .onDrop((event, reason) -> {
                    throw new IllegalStateException("listener bug");
                })
                .build()) {
            stuckInDispatcher(client, meters);
            client.record(call("call-1"));
            assertThat(client.record(call("call-2"))).isCompletedExceptionally();
            assertThat(counter("modelperf.client.dropped", "event", "call", "reason", "buffer_full")).isEqualTo(1);
        }
    }
}
