package dev.modelperf.streams;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallPipelineTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");
    private static final long WINDOW_START = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<ModelCall> serializer = new RegistryAvroSerializer<>(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestOutputTopic<String, byte[]> dlq;
    private StreamsSettings settings;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(ModelCall call) {
        String key = new CallKey(call.getTenant(), call.getModel()).encode();
        calls.pipeInput(key, serializer.serialize(settings.topics().calls(), call), call.getTimestamp());
    }

    private void sendRaw(String key, byte[] value) {
        calls.pipeInput(key, value, NOW);
    }

    private CallStats stats(String category, String model) {
        WindowStore<String, CallStats> store = driver.getWindowStore(Resolution.MINUTE.storeName());
        return store.fetch(new StatsKey("acme", category, model).encode(), WINDOW_START);
    }

    @Test
    void aggregatesExactCountsPerTenantCategoryModelAndMinute() {
        send(call("openai/gpt-4o", "code/backend/api", 100, CallStatus.OK, NOW).build());
        send(call("openai/gpt-4o", "code/backend/api", 200, CallStatus.OK, NOW.plusSeconds(1)).build());
        send(call("openai/gpt-4o", "code/backend/api", 300, CallStatus.TIMEOUT, NOW.plusSeconds(2)).setCostUsd(null).build());
        send(call("openai/gpt-4o", "writing/marketing", 50, CallStatus.OK, NOW).build());
        send(call("llama3:70b", "code/backend/api", 900, CallStatus.SERVER_ERROR, NOW).build());

        CallStats gpt = stats("code/backend/api", "openai/gpt-4o");
        assertThat(gpt.count()).isEqualTo(3);
        assertThat(gpt.successes()).isEqualTo(2);
        assertThat(gpt.failuresByStatus()).containsExactly(Map.entry(CallStatus.TIMEOUT, 1L));
        assertThat(gpt.inputTokens()).isEqualTo(300);
        assertThat(gpt.outputTokens()).isEqualTo(150);
        assertThat(gpt.costUsd()).as("two reported costs plus the price table's 100 * 0.0025/1k + 50 * 0.01/1k")
                .isCloseTo(0.004 + 0.00075, within(1e-12));
        assertThat(gpt.reportedCostCalls()).isEqualTo(2);
        assertThat(gpt.estimatedCostCalls()).isEqualTo(1);
        assertThat(gpt.latencyQuantileMs(0.5)).isCloseTo(200, within(2.0));
        assertThat(gpt.latencyQuantileMs(1.0)).isCloseTo(300, within(3.0));

        assertThat(stats("writing/marketing", "openai/gpt-4o").count()).isEqualTo(1);
        CallStats llama = stats("code/backend/api", "llama3:70b");
        assertThat(llama.count()).isEqualTo(1);
        assertThat(llama.failuresByStatus()).containsExactly(Map.entry(CallStatus.SERVER_ERROR, 1L));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void badRecordsGoToTheDlqWithReasonAndSourceAndValidOnesAfterThemStillCount() {
        sendRaw("acme|m1", new byte[] {1, 0, 0, 0, 1, 2, 3});
        sendRaw("acme|m1", new byte[] {0, 0, 0, 3, (byte) 231, 2, 3});
        sendRaw("acme|m1", new byte[] {0, 0});
        send(call("m1", "code", -5, CallStatus.OK, NOW).build());
        send(call("m1", "code", 10, CallStatus.OK, NOW).setCostUsd(Double.NaN).build());
        send(call("m1", "Code/Backend", 10, CallStatus.OK, NOW).build());
        send(call("m1", "code", 10, CallStatus.OK, NOW.plus(Duration.ofHours(2))).build());
        ModelCall onWrongKey = call("m1", "code", 10, CallStatus.OK, NOW).build();
        calls.pipeInput("acme|m2", serializer.serialize(settings.topics().calls(), onWrongKey), NOW);
        sendRaw("acme|m1", null);
        send(call("m1", "code", 10, CallStatus.OK, NOW).build());
        send(call("m1", "code", 20, CallStatus.RATE_LIMITED, NOW).build());

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).extracting(r -> header(r.headers(), DlqHeaders.REASON)).satisfiesExactly(
                reason -> assertThat(reason).startsWith("cannot deserialize:").contains("magic byte 0x01"),
                reason -> assertThat(reason).startsWith("cannot deserialize:").contains("schema id 999"),
                reason -> assertThat(reason).startsWith("cannot deserialize:").contains("shorter than the 5-byte"),
                reason -> assertThat(reason).isEqualTo("invalid: latencyMs: must be between 0 and 3600000 (was -5)"),
                reason -> assertThat(reason).isEqualTo("invalid: costUsd: must be a number between 0 and 100.0 (validation.max.call.cost.usd) (was NaN)"),
                reason -> assertThat(reason).startsWith("invalid: category: must be 1-4 '/'-separated segments"),
                reason -> assertThat(reason).startsWith("invalid: timestamp: must not be more than 300000 ms in the future"),
                reason -> assertThat(reason).startsWith("key must be tenant|model of the call (acme|m1)"),
                reason -> assertThat(reason).startsWith("value is null"));
        assertThat(rejected).extracting(r -> header(r.headers(), DlqHeaders.SOURCE_TOPIC)).containsOnly("modelperf.calls.v1");
        assertThat(rejected).extracting(r -> header(r.headers(), DlqHeaders.SOURCE_PARTITION)).containsOnly("0");
        assertThat(rejected).extracting(r -> header(r.headers(), DlqHeaders.SOURCE_OFFSET))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(rejected.get(0).value()).containsExactly(1, 0, 0, 0, 1, 2, 3);

        CallStats m1 = stats("code", "m1");
        assertThat(m1.count()).isEqualTo(2);
        assertThat(m1.successes()).isEqualTo(1);
        assertThat(m1.failuresByStatus()).containsExactly(Map.entry(CallStatus.RATE_LIMITED, 1L));
    }

    @Test
    void unboundedNumbersHostileNamesAndAbsurdLengthsGoToTheDlqWithTheReason() {
        send(call("m1", "code", 10, CallStatus.OK, NOW).setCostUsd(1e308).build());
        send(call("m1", "code", 10, CallStatus.OK, NOW).setInputTokens(Long.MAX_VALUE).build());
        send(call("m1", "code", 10, CallStatus.OK, NOW).setProvider("\u200B").setOperation("chat\u0000").build());
        byte[] valid = serializer.serialize(settings.topics().calls(), call("m1", "code", 10, CallStatus.OK, NOW).build());
        byte[] hugeEventId = Arrays.copyOf(valid, 12);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, hugeEventId, 5, 5);
        sendRaw("acme|m1", hugeEventId);

        assertThat(dlq.readRecordsToList()).extracting(r -> header(r.headers(), DlqHeaders.REASON)).containsExactly(
                "invalid: costUsd: must be a number between 0 and 100.0 (validation.max.call.cost.usd) (was 1.0E308)",
                "invalid: inputTokens: must be between 0 and 10000000 (was 9223372036854775807)",
                "invalid: provider: must be printable: no control, invisible or unassigned character (U+200B at index 0); "
                        + "operation: must be printable: no control, invisible or unassigned character (U+0000 at index 4)",
                "cannot deserialize: Record on topic modelperf.calls.v1 does not decode with schema 1: "
                        + "declares a string of 1073741824 but only 2 bytes remain");
        assertThat(stats("code", "m1")).isNull();
    }

    @Test
    void callsOlderThanTheAggregatesKeepGoToTheDlq() {
        send(call("m1", "code", 10, CallStatus.OK, NOW).build());
        send(call("m1", "code", 10, CallStatus.OK, NOW.minus(Duration.ofDays(2))).build());

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).hasSize(1);
        assertThat(header(rejected.get(0).headers(), DlqHeaders.REASON)).startsWith("too late: timestamp is 172800000 ms behind");
        assertThat(stats("code", "m1").count()).isEqualTo(1);
    }

    private static String header(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
