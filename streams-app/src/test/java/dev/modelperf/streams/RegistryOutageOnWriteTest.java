package dev.modelperf.streams;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.registry.SchemaRegistryException;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry outage when the topology first writes a schema (a process's first health record or
 * alert, registered under its subject) is an outage like any other: the thread is replaced and the
 * records read again, never the streams client shut down (and the process with it), nothing dead-lettered.
 */
class RegistryOutageOnWriteTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");
    private static final String MODEL = "acme/flaky";

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile boolean registrationsFail;
    private TopologyTestDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aRegistryOutageWhenAModelIsFirstBlacklistedReplacesTheThread() {
        StreamsSettings settings = StreamsSettings.defaults().withRegistryOutageWait(Duration.ofMillis(300)).withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, unreachableForRegistrations(registry)),
                StreamsProperties.of(settings), NOW);
        TestInputTopic<String, byte[]> calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        String key = new CallKey("acme", MODEL).encode();
        registrationsFail = true;

        // Failing calls until the health tracker publishes: its ModelHealth and Alert schemas are then registered.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                ModelCall failed = call(MODEL, "code", 100, CallStatus.SERVER_ERROR, NOW.plusMillis(i)).build();
                calls.pipeInput(key, new RegistryAvroSerializer<ModelCall>(registry).serialize(settings.topics().calls(), failed),
                        failed.getTimestamp());
            }
        }).satisfies(e -> {
            assertThat(causes(e)).anyMatch(RegistryUnavailableException.class::isInstance);
            assertThat(ModelPerfStreams.responseTo(e)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        });
        assertThat(registrations.get()).as("registrations attempted, with backoff, within the outage wait").isGreaterThan(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    /** The same registry, refusing connections for every registration while {@link #registrationsFail} is set. */
    private SchemaRegistry unreachableForRegistrations(SchemaRegistry delegate) {
        return (SchemaRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SchemaRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register") && registrationsFail) {
                        registrations.incrementAndGet();
                        throw new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE, "connection refused");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
