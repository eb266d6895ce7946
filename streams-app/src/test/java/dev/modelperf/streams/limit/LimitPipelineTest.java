package dev.modelperf.streams.limit;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

/**
 * The per-tenant limits through the whole topology, with two models and three category levels a
 * tenant: calls within them are counted, a call that would pass one goes to the DLQ with the
 * limit in the reason, and names admitted before keep being counted after.
 */
class LimitPipelineTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");
    private static final long WINDOW_START = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<ModelCall> serializer = new RegistryAvroSerializer<>(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestInputTopic<String, byte[]> feedback;
    private TestOutputTopic<String, byte[]> dlq;
    private StreamsSettings settings;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir).withLimits(new LimitSettings(2, 3));
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(settings.topics().feedback(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private ModelCall send(String tenant, String model, String category) {
        ModelCall call = call(model, category, 100, CallStatus.OK, NOW).setTenant(tenant).build();
        calls.pipeInput(new CallKey(tenant, model).encode(), serializer.serialize(settings.topics().calls(), call), NOW);
        return call;
    }

    private void sendFeedback(Feedback judgement) {
        feedback.pipeInput(new FeedbackKey(judgement.getTenant(), judgement.getCallEventId()).encode(),
                new RegistryAvroSerializer<Feedback>(registry).serialize(settings.topics().feedback(), judgement), NOW);
    }

    private static Feedback.Builder judge(String callEventId) {
        return Feedback.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(NOW).setTenant("acme")
                .setCallEventId(callEventId).setSource(FeedbackSource.USER).setRating(1);
    }

    private CallStats stats(String tenant, String category, String model) {
        WindowStore<String, CallStats> store = driver.getWindowStore(Resolution.MINUTE.storeName());
        return store.fetch(new StatsKey(tenant, category, model).encode(), WINDOW_START);
    }

    private long count(String tenant, String category, String model) {
        CallStats stats = stats(tenant, category, model);
        return stats == null ? 0 : stats.count();
    }

    private static String header(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void callsWithinTheLimitsAreAllCounted() {
        send("acme", "m1", "code/backend");
        send("acme", "m2", "code/backend");
        send("acme", "m2", "code/frontend");
        send("acme", "m1", "code/frontend");

        assertThat(count("acme", "code/backend", "m1")).isEqualTo(1);
        assertThat(count("acme", "code/backend", "m2")).isEqualTo(1);
        assertThat(count("acme", "code/frontend", "m2")).isEqualTo(1);
        assertThat(count("acme", "code/frontend", "m1")).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aNewModelBeyondTheLimitGoesToTheDlqWithTheLimitInTheReason() {
        send("acme", "m1", "code");
        send("acme", "m2", "code");
        ModelCall third = send("acme", "m3", "code");

        List<TestRecord<String, byte[]>> refused = dlq.readRecordsToList();
        assertThat(refused).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("acme|m3");
            assertThat(header(record.headers(), DlqHeaders.REASON)).isEqualTo("limit reached: tenant 'acme' already has 2 models, "
                    + "the most limits.models.per.tenant (2) allows; model 'm3' would be one more");
            assertThat(header(record.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("modelperf.calls.v1");
            assertThat(header(record.headers(), DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(record.headers(), DlqHeaders.SOURCE_OFFSET)).isEqualTo("2");
            assertThat(new RegistryAvroDeserializer<>(registry, ModelCall.getClassSchema())
                    .deserialize("modelperf.calls.v1", record.value())).isEqualTo(third);
        });
        assertThat(count("acme", "code", "m3")).isZero();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void everyNewLevelOfACategoryCountsAndACallThatWouldPassTheLimitAddsNothing() {
        send("acme", "m1", "code/backend");
        send("acme", "m1", "writing/marketing/email");

        assertThat(dlq.readRecordsToList()).extracting(r -> header(r.headers(), DlqHeaders.REASON)).containsExactly(
                "limit reached: tenant 'acme' already has 2 category levels, the most limits.categories.per.tenant (3) allows; "
                        + "category 'writing/marketing/email' would add 3 [writing/marketing/email, writing/marketing, writing]");
        send("acme", "m1", "writing");
        assertThat(count("acme", "writing", "m1")).isEqualTo(1);
        send("acme", "m1", "writing/marketing");
        assertThat(dlq.readRecordsToList()).extracting(r -> header(r.headers(), DlqHeaders.REASON)).containsExactly(
                "limit reached: tenant 'acme' already has 3 category levels, the most limits.categories.per.tenant (3) allows; "
                        + "category 'writing/marketing' would add 1 [writing/marketing]");
    }

    @Test
    void namesAdmittedBeforeTheLimitWasReachedKeepBeingCountedAndOtherTenantsHaveTheirOwn() {
        send("acme", "m1", "code");
        send("acme", "m2", "code");
        send("acme", "m3", "code");
        send("acme", "m4", "code");
        send("acme", "m1", "code");
        send("acme", "m2", "code");
        send("acme", "m2", "code");
        send("beta", "m3", "code");
        send("beta", "m4", "code");

        assertThat(dlq.readRecordsToList()).extracting(TestRecord::key).containsExactly("acme|m3", "acme|m4");
        assertThat(List.of(count("acme", "code", "m1"), count("acme", "code", "m2"), count("beta", "code", "m3"),
                count("beta", "code", "m4"))).containsExactly(2L, 3L, 1L, 1L);
    }

    @Test
    void feedbackCountsOnlyUnderNamesACallBroughtWithinTheLimits() {
        ModelCall first = send("acme", "m1", "code");
        send("acme", "m2", "code");
        ModelCall refused = send("acme", "m3", "code");
        dlq.readRecordsToList();

        sendFeedback(judge(first.getEventId()).build());
        sendFeedback(judge("no-such-call").setModel("m1").setCategory("code").build());
        sendFeedback(judge(refused.getEventId()).setModel("m3").setCategory("code").build());
        sendFeedback(judge("no-such-call").setModel("m1").setCategory("writing/poetry").build());

        List<TestRecord<String, byte[]>> refusedFeedback = dlq.readRecordsToList();
        assertThat(refusedFeedback).extracting(r -> header(r.headers(), DlqHeaders.REASON)).containsExactly(
                "limit reached: feedback names model 'm3' and category 'code', which no call of tenant 'acme' within "
                        + "limits.models.per.tenant and limits.categories.per.tenant has brought",
                "limit reached: feedback names model 'm1' and category 'writing/poetry', which no call of tenant 'acme' within "
                        + "limits.models.per.tenant and limits.categories.per.tenant has brought");
        assertThat(refusedFeedback).extracting(r -> header(r.headers(), DlqHeaders.SOURCE_TOPIC))
                .containsOnly(settings.topics().feedback());
        assertThat(refusedFeedback).extracting(r -> header(r.headers(), DlqHeaders.SOURCE_OFFSET))
                .as("the third and fourth feedback sent").containsExactly("2", "3");
        assertThat(stats("acme", "code", "m1").feedbackCount()).isEqualTo(2);
        assertThat(stats("acme", "code", "m3")).isNull();
        assertThat(stats("acme", "writing/poetry", "m1")).isNull();
        assertThat(driver.<String, Long>getKeyValueStore(LimitTopology.TENANT_NAMES).get("acme\u0000m")).isEqualTo(2L);
        assertThat(driver.<String, Long>getKeyValueStore(LimitTopology.TENANT_NAMES).get("acme\u0000c")).isEqualTo(1L);
    }
}
