package dev.modelperf.streams.feedback;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.keys.FeedbackKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.limit.LimitSettings;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Judgments through the whole topology: validated, counted once, joined to their call like
 * feedback, within the tenant's limits, and counted on the call's aggregate as a quality observation.
 */
class JudgmentJoinTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestInputTopic<String, byte[]> judgments;
    private TestOutputTopic<String, byte[]> dlq;
    private StreamsSettings settings;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir).withLimits(new LimitSettings(2, 3))
                .withFeedback(new FeedbackSettings(FeedbackSettings.defaults().callIndexRetention(), Duration.ofMinutes(10)));
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        judgments = driver.createInputTopic(settings.topics().judgments(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private ModelCall send(ModelCall call) {
        calls.pipeInput(new CallKey(call.getTenant(), call.getModel()).encode(),
                new RegistryAvroSerializer<ModelCall>(registry).serialize(settings.topics().calls(), call), call.getTimestamp());
        return call;
    }

    private static Judgment.Builder judge(String callEventId) {
        return Judgment.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(NOW).setTenant("acme")
                .setCallEventId(callEventId).setJudge("rubric");
    }

    private Judgment send(Judgment judgment) {
        judgments.pipeInput(new FeedbackKey(judgment.getTenant(), judgment.getCallEventId()).encode(),
                new RegistryAvroSerializer<Judgment>(registry).serialize(settings.topics().judgments(), judgment), NOW);
        return judgment;
    }

    private CallStats minute(String category, String model) {
        ReadOnlyWindowStore<String, CallStats> store = driver.getWindowStore(Resolution.MINUTE.storeName());
        return store.fetch(new StatsKey("acme", category, model).encode(), Resolution.MINUTE.windowStart(NOW.toEpochMilli()));
    }

    @Test
    void aJudgmentAfterItsCallCountsOnTheCallsAggregate() {
        ModelCall call = send(call("m1", "code/backend", 100, CallStatus.OK, NOW).build());
        send(judge(call.getEventId()).setOverallScore(0.8).setScores(Map.of("style", 0.1)).setPassed(true).setMinimality(0.5)
                .setThinkingBudgetTokens(4_000L).setThinkingTokensUsed(1_000L).build());
        send(judge(call.getEventId()).setScores(Map.of("correctness", 0.6, "style", 0.2)).setMinimality(1.0)
                .setThinkingTokensUsed(3_000L).build());
        send(judge(call.getEventId()).setPassed(false).build());
        // A judgment naming another model and category than its call's counts on its call's.
        send(judge(call.getEventId()).setModel("m2").setCategory("writing").build());

        CallStats stats = minute("code/backend", "m1");
        assertThat(stats.count()).as("judgments are not calls").isEqualTo(1);
        assertThat(stats.judgmentCount()).isEqualTo(4);
        assertThat(stats.judgedQualityCount()).as("the fourth carries no score nor verdict").isEqualTo(3);
        assertThat(stats.judgedQualitySum()).as("0.8 overall, 0.4 the mean of the scores, 0 not passed").isCloseTo(1.2, within(1e-9));
        assertThat(stats.passedYes()).isEqualTo(1);
        assertThat(stats.passedAnswers()).isEqualTo(2);
        assertThat(stats.meanMinimality()).isEqualTo(0.75);
        assertThat(stats.meanThinkingTokensUsed()).isEqualTo(2_000.0);
        assertThat(stats.thinkingBudgetUse()).as("only the first gave a budget").isEqualTo(0.25);
        assertThat(stats.feedbackCount()).isZero();
        assertThat(minute("writing", "m2")).isNull();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aJudgmentBeforeItsCallWaitsForIt() {
        ModelCall call = call("m1", "code", 100, CallStatus.OK, NOW).build();
        send(judge(call.getEventId()).setOverallScore(0.9).build());
        assertThat(minute("code", "m1")).isNull();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        send(call);

        assertThat(minute("code", "m1").judgmentCount()).isEqualTo(1);
        assertThat(minute("code", "m1").meanJudgedQuality()).isEqualTo(0.9);
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(dlq.isEmpty()).as("a released judgment never expires").isTrue();
    }

    @Test
    void aJudgmentSentTwiceCountsOnce() {
        ModelCall call = send(call("m1", "code", 100, CallStatus.OK, NOW).build());
        Judgment judgment = send(judge(call.getEventId()).setOverallScore(0.3).build());
        send(judgment);
        send(Judgment.newBuilder(judgment).setEventId(UUID.randomUUID().toString()).build());

        assertThat(minute("code", "m1").judgmentCount()).as("the copy is dropped, the new id counts").isEqualTo(2);
        assertThat(minute("code", "m1").judgedQualitySum()).isCloseTo(0.6, within(1e-9));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aJudgmentForACallNeverSeenGoesToTheDlqAfterTheHoldTime() {
        Judgment orphan = send(judge("no-such-call").setPassed(true).build());
        driver.advanceWallClockTime(Duration.ofMinutes(9));
        assertThat(dlq.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).hasSize(1);
        assertThat(header(rejected.get(0), DlqHeaders.REASON))
                .isEqualTo("call not found: no call with eventId no-such-call arrived within PT10M of this judgment");
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_TOPIC)).isEqualTo(settings.topics().judgments());
        assertThat(header(rejected.get(0), DlqHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(rejected.get(0).key()).isEqualTo("acme|no-such-call");
        Judgment back = new RegistryAvroDeserializer<Judgment>(registry, Judgment.getClassSchema())
                .deserialize(settings.topics().judgments(), rejected.get(0).value());
        assertThat(back).isEqualTo(orphan);
    }

    @Test
    void aJudgmentNamingItsModelAndCategoryNeverWaitsButBringsNoNewName() {
        send(call("m1", "writing", 100, CallStatus.OK, NOW).build());
        send(judge("unseen").setModel("m1").setCategory("writing").setOverallScore(1.0).build());
        send(judge("unseen-too").setModel("m9").setCategory("writing").setOverallScore(1.0).build());

        assertThat(minute("writing", "m1").judgmentCount()).isEqualTo(1);
        assertThat(minute("writing", "m9")).isNull();
        List<TestRecord<String, byte[]>> refused = dlq.readRecordsToList();
        assertThat(refused).extracting(r -> header(r, DlqHeaders.REASON)).containsExactly(
                "limit reached: judgment names model 'm9' and category 'writing', which no call of tenant 'acme' within "
                        + "limits.models.per.tenant and limits.categories.per.tenant has brought");
        assertThat(refused).extracting(r -> header(r, DlqHeaders.SOURCE_TOPIC)).containsExactly(settings.topics().judgments());
        assertThat(refused).extracting(r -> header(r, DlqHeaders.SOURCE_OFFSET)).containsExactly("1");
    }

    @Test
    void aBadJudgmentGoesToTheDlqWithTheReason() {
        send(judge("c1").setOverallScore(1.5).setThinkingBudgetTokens(10L).setThinkingTokensUsed(20L).build());
        judgments.pipeInput("acme|c2", new byte[] {7, 7}, NOW);

        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).extracting(r -> header(r, DlqHeaders.REASON)).containsExactly(
                "invalid: overallScore: must be a finite number between 0 and 1 (was 1.5); "
                        + "thinkingTokensUsed: must not exceed thinkingBudgetTokens (20 > 10)",
                "cannot deserialize: Record on topic modelperf.judgments.v1 is 2 bytes, shorter than the 5-byte registry wire-format header");
        assertThat(rejected).extracting(r -> header(r, DlqHeaders.SOURCE_TOPIC)).containsOnly("modelperf.judgments.v1");
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
