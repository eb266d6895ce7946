package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelperf.events.Alert;
import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.query.alerts.AlertView;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Tails the alerts topic and prints one readable line per alert (or one JSON object per line with
 * {@code --json}). It reads every partition directly, without a consumer group, so running it
 * leaves nothing behind on the cluster; it reads committed records only, as the topic is written
 * transactionally.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Print alerts from the alerts topic as they arrive, one line each (--json for machines).")
final class AlertsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Spec
    private CommandSpec spec;

    @Option(names = {"--bootstrap-servers", "--bootstrap"}, defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    private String bootstrap;

    @Option(names = "--registry", defaultValue = "http://localhost:8081", description = "Schema registry URL (default ${DEFAULT-VALUE}).")
    private String registry;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, description = "Topic prefix (default ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--from-beginning", description = "Print the alerts already on the topic first (default: only new ones).")
    private boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    private boolean json;

    @Option(names = "--tenant", description = "Only this tenant's alerts.")
    private String tenant;

    @Option(names = "--state", description = "Only FIRING or only RESOLVED alerts.")
    private String state;

    @Option(names = "--max-alerts", defaultValue = "0", description = "Stop after printing this many alerts (default: run until Ctrl-C).")
    private long maxAlerts;

    @Option(names = "--timeout", defaultValue = "0s", description = "Stop after this long, e.g. 30s (default: run until Ctrl-C).")
    private String timeout;

    @Override
    public Integer call() {
        Duration limit = Durations.parse(timeout);
        if (limit == null || limit.isNegative() || maxAlerts < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be a duration such as 30s or 5m, --max-alerts >= 0");
        }
        if (state != null && !List.of("FIRING", "RESOLVED").contains(state.toUpperCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--state must be FIRING or RESOLVED (was " + state + ")");
        }
        String topic = new Topics(topicPrefix).alerts();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "modelperf-alerts",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = limit.isZero() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        long printed = 0;
        try (ProcessLifetime lifetime = new ProcessLifetime();
             KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     new RegistryAvroDeserializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(registry)), Alert.getClassSchema()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                spec.commandLine().getErr().println("Topic " + topic + " does not exist (yet) on " + bootstrap);
                return 1;
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (!lifetime.stopRequested() && System.nanoTime() < deadline && (maxAlerts == 0 || printed < maxAlerts)) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
                    Alert alert = record.value();
                    if (alert == null || !wanted(alert) || (maxAlerts > 0 && printed >= maxAlerts)) {
                        continue;
                    }
                    out.println(json ? JSON.writeValueAsString(AlertView.of(alert)) : line(alert));
                    printed++;
                }
                out.flush();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An alert could not be written as JSON", e);
        }
        return 0;
    }

    private boolean wanted(Alert alert) {
        return (tenant == null || tenant.equals(alert.getTenant()))
                && (state == null || alert.getState().name().equalsIgnoreCase(state));
    }

    /** {@code 2026-11-23T10:07:01Z  FIRING    CRITICAL  success-rate-low  <summary>  [b7c004f6]}. */
    static String line(Alert alert) {
        return String.format(Locale.ROOT, "%s  %-8s  %-8s  %-20s  %s  [%s]", alert.getEmittedAt(), alert.getState(), alert.getSeverity(),
                alert.getRule(), alert.getSummary(), alert.getFingerprint().substring(0, Math.min(8, alert.getFingerprint().length())));
    }
}
