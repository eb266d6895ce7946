package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.toolbox.load.CascadeLoadGenerator;
import dev.modelperf.toolbox.load.CascadeTraffic;
import dev.modelperf.toolbox.load.LoadGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cascade backlog through the real broker and the streams app, as {@code load --routing} leaves
 * it: {@code -Dcascade.backlog.tasks=N} tasks spread over the last 30 minutes, sent at once; every
 * decision and every judged route must reach {@code GET /api/v1/routing/layers} exactly. Prints,
 * every few seconds, the figures and the consumer lag of the facts repartitioned by tenant, then
 * the settling time and decisions per second. A measurement, so it runs only when asked.
 */
class CascadeBacklogIT {

    private static final String TENANT = "backlog-it";
    private static final long SEED = 7;

    @TempDir
    static Path stateDir;

    @Test
    void everyDecisionAndVerdictOfABacklogReachesTheFigures() throws Exception {
        Integer tasks = Integer.getInteger("cascade.backlog.tasks");
        String skipped = "CascadeBacklogIT skipped: a measurement of a minute or more, run with -Dcascade.backlog.tasks=10000";
        if (tasks == null) {
            System.out.println(skipped);
        }
        Assumptions.assumeTrue(tasks != null, skipped);
        String partitions = System.getProperty("cascade.backlog.partitions", "6");
        long expectedJudged = judgedRoutes(tasks);
        try (LocalStack stack = LocalStack.start();
             ModelPerfProcess server = TestServers.start(stack, TestServers.settings(stack, "cascade-backlog-it", stateDir,
                     "topic.partitions", partitions,
                     // Task-level counts (records processed by the join's and by the aggregator's tasks) are recorded at DEBUG only.
                     "kafka.metrics.recording.level", "DEBUG"))) {
            CascadeLoadGenerator.Summary sent;
            try (Producer<String, SpecificRecord> producer = CascadeLoadGenerator.producer(stack.bootstrapServers(), stack.registryUrl(),
                    "cascade-backlog-it")) {
                sent = new CascadeLoadGenerator(producer, new Topics(Topics.DEFAULT_PREFIX), new CascadeTraffic(SEED, TENANT),
                        Clock.systemUTC()).run(new LoadGenerator.Plan(tasks, 0, Duration.ofMinutes(30)), (d, p, r, e) -> { }, () -> false);
            }
            assertThat(sent.failed()).isZero();
            System.out.printf(Locale.ROOT, "Sent %,d decisions and %,d outcomes in %.1f s over %s partitions%n", sent.decisions(),
                    sent.outcomes(), sent.elapsed().toMillis() / 1e3, partitions);
            long sentAt = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            String url = TestServers.api(server) + "/api/v1/routing/layers?tenant=" + TENANT + "&window=1h";
            long[] allDecisionsAt = {0};
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode cascade = response.statusCode() == 200 ? json.readTree(response.body()).path("cascade") : json.missingNode();
                long decisions = cascade.path("decisions").asLong();
                long judged = cascade.path("judged").asLong();
                if (decisions == tasks && allDecisionsAt[0] == 0) {
                    allDecisionsAt[0] = System.nanoTime();
                }
                System.out.printf(Locale.ROOT, "%6.1f s  decisions %,6d  judged %,6d  %s%n", (System.nanoTime() - sentAt) / 1e9, decisions,
                        judged, streamProgress(server));
                return decisions == tasks && judged == expectedJudged;
            });
            double toDecisions = (allDecisionsAt[0] - sentAt) / 1e9;
            double settled = (System.nanoTime() - sentAt) / 1e9;
            System.out.printf(Locale.ROOT, "All %,d decisions counted %.1f s after the send (%.0f decisions/s), all %,d verdicts by %.1f s%n",
                    tasks, toDecisions, tasks / toDecisions, expectedJudged, settled);
        }
    }

    /** Routed tasks whose outcome judges the route, replayed from the seed. */
    private static long judgedRoutes(int tasks) {
        CascadeTraffic replay = new CascadeTraffic(SEED, TENANT);
        long judged = 0;
        for (int i = 0; i < tasks; i++) {
            CascadeTraffic.Task task = replay.next(Instant.now());
            judged += task.outcome().isPresent() && !task.decision().getClarified() ? 1 : 0;
        }
        return judged;
    }

    /**
     * Records processed by the tasks of the join (inputs; "enforced" when one of a task's two input
     * partitions had nothing buffered) and of the aggregator (facts), and the facts' consumer lag.
     */
    private static String streamProgress(ModelPerfProcess server) {
        String aggregatorSource = "routing-facts-by-tenant-repartition";
        String aggregatorSubtopology = server.kafkaStreams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .filter(task -> task.topicPartitions().stream().anyMatch(partition -> partition.topic().endsWith(aggregatorSource)))
                .map(task -> task.taskId().subtopology() + "_").findFirst().orElse("?");
        long joined = 0;
        long enforced = 0;
        long aggregated = 0;
        long lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : server.kafkaStreams().metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (!(metric.getValue().metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                continue;
            }
            String task = name.tags().getOrDefault("task-id", "");
            boolean routingTask = name.group().equals("stream-task-metrics") && !task.isEmpty();
            if (name.name().equals("records-lag") && name.tags().getOrDefault("topic", "").endsWith(aggregatorSource)) {
                lag += value.longValue();
            } else if (routingTask && name.name().equals("process-total") && task.startsWith(aggregatorSubtopology)) {
                aggregated += value.longValue();
            } else if (routingTask && name.name().equals("process-total") && isJoinTask(server, task)) {
                joined += value.longValue();
            } else if (routingTask && name.name().equals("enforced-processing-total") && isJoinTask(server, task)) {
                enforced += value.longValue();
            }
        }
        return String.format(Locale.ROOT, "join tasks %,6d (enforced %,6d)  aggregator %,6d  facts lag %,6d", joined, enforced,
                aggregated, lag);
    }

    private static boolean isJoinTask(ModelPerfProcess server, String taskId) {
        return server.kafkaStreams().metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .anyMatch(task -> task.taskId().toString().equals(taskId)
                        && task.topicPartitions().stream().anyMatch(partition -> partition.topic().endsWith("routing-decisions.v1")));
    }
}
