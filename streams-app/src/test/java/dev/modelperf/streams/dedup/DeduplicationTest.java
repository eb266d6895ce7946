package dev.modelperf.streams.dedup;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryUnavailableException;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each event counts once in the aggregates and in health however often it is sent within
 * {@code dedup.window}, and a registry outage keeps valid records out of the DLQ.
 */
class DeduplicationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");
    private static final String MODEL = "openai/gpt-4o";

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestInputTopic<String, byte[]> feedback;
    private TestOutputTopic<String, byte[]> dlq;
    private TestOutputTopic<String, ModelHealth> health;

    private void start(StreamsSettings chosen) {
        settings = chosen.withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, flaky(registry)), StreamsProperties.of(settings), NOW);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(settings.topics().feedback(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        health = driver.createOutputTopic(settings.topics().health(), Serdes.String().deserializer(),
                new RegistryAvroDeserializer<>(registry, ModelHealth.getClassSchema()));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** The same registry, failing every schema lookup as an unreachable one would while {@link #registryDown} is set. */
    private SchemaRegistry flaky(SchemaRegistry delegate) {
        return (SchemaRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SchemaRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("schemaById") && registryDown.get()) {
                        throw new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE, "connection refused");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void send(ModelCall call) {
        calls.pipeInput(new CallKey(call.getTenant(), call.getModel()).encode(),
                new RegistryAvroSerializer<ModelCall>(registry).serialize(settings.topics().calls(), call), call.getTimestamp());
    }

    private void send(Feedback judgement) {
        feedback.pipeInput("acme|" + judgement.getCallEventId(),
                new RegistryAvroSerializer<Feedback>(registry).serialize(settings.topics().feedback(), judgement), NOW);
    }

    private CallStats minute(Instant at) {
        ReadOnlyWindowStore<String, CallStats> store = driver.getWindowStore(Resolution.MINUTE.storeName());
        return store.fetch(new StatsKey("acme", "code/backend", MODEL).encode(), Resolution.MINUTE.windowStart(at.toEpochMilli()));
    }

    private List<ModelHealth> healthOf(String model) {
        return health.readValuesToList().stream().filter(h -> h.getModel().equals(model)).toList();
    }

    @Test
    void theSameCallTwiceInARowAndAgainLaterCountsOnceInAggregatesAndHealth() {
        start(StreamsSettings.defaults());
        ModelCall call = call(MODEL, "code/backend", 100, CallStatus.OK, NOW).build();

        send(call);
        send(call);
        send(call(MODEL, "code/backend", 200, CallStatus.OK, NOW.plusSeconds(1)).build());
        send(call);

        assertThat(minute(NOW).count()).isEqualTo(2);
        assertThat(minute(NOW).latencyQuantileMs(1.0)).isLessThan(205);
        assertThat(healthOf(MODEL)).hasSize(1);
        assertThat(dlq.isEmpty()).as("a retry is not bad input").isTrue();
    }

    @Test
    void oneFailurePostedThreeTimesDoesNotBlacklist() {
        start(StreamsSettings.defaults());
        ModelCall failure = call(MODEL, "code/backend", 100, CallStatus.SERVER_ERROR, NOW)
                .setErrorType("http_500").setErrorMessage("upstream returned 500").build();

        send(failure);
        send(failure);
        send(failure);

        List<ModelHealth> published = healthOf(MODEL);
        assertThat(published).isNotEmpty();
        assertThat(published).allSatisfy(h -> {
            assertThat(h.getStatus()).isNotEqualTo(HealthStatus.BLACKLISTED);
            assertThat(h.getConsecutiveFailures()).isEqualTo(1);
        });
        assertThat(minute(NOW).count()).isEqualTo(1);
    }

    @Test
    void theSameFeedbackTwiceCountsOnce() {
        start(StreamsSettings.defaults());
        ModelCall call = call(MODEL, "code/backend", 100, CallStatus.OK, NOW).build();
        send(call);
        Feedback thumbsUp = Feedback.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(NOW).setTenant("acme")
                .setCallEventId(call.getEventId()).setRating(1).build();

        send(thumbsUp);
        send(thumbsUp);

        assertThat(minute(NOW).feedbackCount()).isEqualTo(1);
        assertThat(minute(NOW).thumbsUp()).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aCopyArrivingWhenStreamTimeIsPastTheWindowCountsAgain() {
        start(StreamsSettings.defaults().withDedupWindow(Duration.ofMinutes(10)));
        ModelCall call = call(MODEL, "code/backend", 100, CallStatus.OK, NOW).build();
        send(call);

        driver.advanceWallClockTime(Duration.ofMinutes(30));
        send(call(MODEL, "code/backend", 100, CallStatus.OK, NOW.plus(Duration.ofMinutes(30))).build());
        send(call);

        assertThat(minute(NOW).count()).as("the id was forgotten 10 minutes of stream time after the call").isEqualTo(2);
    }

    @Test
    void aRegistryOutageSendsNothingToTheDlqAndTheSameRecordCountsOnceTheRegistryIsBack() {
        start(StreamsSettings.defaults().withRegistryOutageWait(Duration.ofMillis(200)));
        ModelCall call = call(MODEL, "code/backend", 100, CallStatus.OK, NOW).build();
        byte[] value = new RegistryAvroSerializer<ModelCall>(registry).serialize(settings.topics().calls(), call);
        String key = new CallKey("acme", MODEL).encode();
        registryDown.set(true);

        assertThatThrownBy(() -> calls.pipeInput(new TestRecord<>(key, value, NOW)))
                .hasRootCauseInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(RegistryUnavailableException.class::isInstance));
        assertThat(dlq.isEmpty()).isTrue();

        // Kafka Streams reads the uncommitted record again on the replaced thread; the driver is given it again.
        registryDown.set(false);
        calls.pipeInput(new TestRecord<>(key, value, NOW));

        assertThat(minute(NOW).count()).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
