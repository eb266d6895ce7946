package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.toolbox.load.CascadeTraffic;
import dev.modelperf.toolbox.load.DebateTraffic;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import dev.modelperf.toolbox.load.TrueRatings;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code modelperf load -n 500} (and {@code --routing}, {@code --comparisons}) on the real local broker: exactly the planned events arrive. */
class LoadCommandIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyCallAndFeedbackEventArrivesExactlyOnce() {
        int calls = 500;
        long seed = 11;
        double share = 0.3;
        long expectedFeedback = expectedFeedback(seed, share, calls);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("load", "-n", String.valueOf(calls), "--rate", "2000", "--seed", String.valueOf(seed),
                "--feedback-share", String.valueOf(share), "--tenant", "load-it", "--partitions", "3",
                "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());

        System.out.print(err);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(String.format("Sent 500 calls and %d feedback events", expectedFeedback))
                .contains(String.format("Acknowledged 500 calls and %d feedback events; 0 failed.", expectedFeedback))
                .contains("MODEL").contains(SyntheticTraffic.FAILING_MODEL);
        assertThat(err.toString()).contains("100% 500/500 calls");
        assertThat(recordsOn(stack, "modelperf.calls.v1")).isEqualTo(calls);
        assertThat(recordsOn(stack, "modelperf.feedback.v1")).isEqualTo(expectedFeedback);
    }

    @Test
    void everyRoutingDecisionAndOutcomeArrivesExactlyOnce() {
        int tasks = 500;
        long seed = 5;
        CascadeTraffic replay = new CascadeTraffic(seed, "load-it");
        long expectedOutcomes = 0;
        for (int i = 0; i < tasks; i++) {
            expectedOutcomes += replay.next(Instant.now()).outcome().isPresent() ? 1 : 0;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("load", "--routing", "-n", String.valueOf(tasks), "--seed", String.valueOf(seed),
                "--tenant", "load-it", "--partitions", "3", "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());

        System.out.print(err);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(String.format("Sent 500 routing decisions and %d outcomes", expectedOutcomes))
                .contains(String.format("acknowledged %d, 0 failed.", tasks + expectedOutcomes))
                .containsPattern("keyword +0\\.90 +500 ")
                .contains("BEST@95%");
        assertThat(err.toString()).contains("100% 500/500 tasks");
        assertThat(recordsOn(stack, "modelperf.routing-decisions.v1")).isEqualTo(tasks);
        assertThat(recordsOn(stack, "modelperf.routing-outcomes.v1")).isEqualTo(expectedOutcomes);
    }

    @Test
    void everyComparisonTheCallsBehindItAndItsJudgmentsArriveExactlyOnce() {
        int comparisons = 300;
        long seed = 8;
        List<String> categories = List.of("code", "math");
        DebateTraffic replay = new DebateTraffic(seed, "load-it", TrueRatings.of(seed, TrueRatings.seededPanel(seed, 6), categories));
        long expectedCalls = 0;
        long expectedJudgments = 0;
        for (int i = 0; i < comparisons; i++) {
            DebateTraffic.Debate debate = replay.next(Instant.now());
            expectedCalls += debate.calls().size();
            expectedJudgments += debate.judgments().size();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("load", "--comparisons", "-n", String.valueOf(comparisons), "--rate", "1000", "--seed",
                String.valueOf(seed), "--panel", "6", "--categories", "code,math", "--tenant", "load-it", "--topic-prefix", "cmp.",
                "--partitions", "3", "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());

        System.out.print(err);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        String best = replay.truth().ranked("code").get(0).model();
        assertThat(out.toString())
                .contains(String.format(Locale.ROOT, "Sent 300 comparisons, the %,d calls behind their answers and %,d judgments", expectedCalls,
                        expectedJudgments))
                .contains(String.format(Locale.ROOT, "Acknowledged 300 comparisons, %,d calls and %,d judgments; 0 failed.", expectedCalls, expectedJudgments))
                .contains("(compare: GET /api/v1/ratings?category=code)").contains("(compare: GET /api/v1/ratings?category=math)")
                .containsPattern("\\n +1 +" + Pattern.quote(best) + " +" + String.format(Locale.ROOT, "%.1f",
                        replay.truth().rating("code", best)).replace(".", "\\."))
                .doesNotContain("writing:");
        assertThat(err.toString()).contains("100% 300/300 comparisons");
        assertThat(recordsOn(stack, "cmp.comparisons.v1")).isEqualTo(comparisons);
        assertThat(recordsOn(stack, "cmp.calls.v1")).isEqualTo(expectedCalls);
        assertThat(recordsOn(stack, "cmp.judgments.v1")).isEqualTo(expectedJudgments);
    }

    /** The generator's draws do not depend on event times, so replaying the seed predicts the feedback count. */
    private static long expectedFeedback(long seed, double share, int calls) {
        SyntheticTraffic replay = new SyntheticTraffic(seed, share);
        long feedback = 0;
        for (int i = 0; i < calls; i++) {
            ModelCall call = replay.next(Instant.now());
            feedback += replay.feedbackFor(call).isPresent() ? 1 : 0;
        }
        assertThat(feedback).isPositive();
        return feedback;
    }

    /** The sum of end offsets: the producer is idempotent and not transactional, so every offset is one record. */
    private static long recordsOn(LocalStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            assertThat(partitions).hasSize(3);
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
