package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.client.cascade.ThresholdPublisher;
import dev.modelperf.events.RoutingThreshold;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.topics.TopicProvisioner;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Proposes a threshold per cascade layer from {@code GET /api/v1/routing/thresholds} and, unless
 * {@code --dry-run}, puts every proposed change in force: a {@link RoutingThreshold} per changed
 * layer on the compacted thresholds topic, where routers reading it with the client library's
 * {@code LayerThresholds} pick it up. Layers the analysis keeps are not published.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Propose each cascade layer's threshold (current, recommended, expected effect, reason) and publish the changes.")
final class RoutingTuneCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoutingApiOptions options;

    @Mixin
    private TuningOptions tuning;

    @Option(names = "--dry-run", description = "Print the proposals only; publish nothing.")
    private boolean dryRun;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    private String bootstrap;

    @Option(names = "--registry", defaultValue = "http://localhost:8081", description = "Schema registry URL (default ${DEFAULT-VALUE}).")
    private String registry;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, description = "Topic prefix (default ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--applied-by", description = "Who applies the change, recorded with it (default: the user name).")
    private String appliedBy;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(options.api);
        JsonNode answer = api.parse(api.routingThresholds(options.query() + tuning.query()));
        out.print(RoutingTables.proposals(answer));
        List<JsonNode> changes = new ArrayList<>();
        answer.path("layers").forEach(layer -> {
            if (!"KEEP".equals(layer.path("change").asText())) {
                changes.add(layer);
            }
        });
        if (dryRun || changes.isEmpty()) {
            out.println(changes.isEmpty() ? "Nothing to change." : String.format(Locale.ROOT,
                    "Dry run: %d change(s) not published; run without --dry-run to apply them.", changes.size()));
            out.flush();
            return 0;
        }
        Topics topics = new Topics(topicPrefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .ensure(List.of(new Topics.TopicSpec(topics.routingThresholds(), true)), 1, (short) 1);
        }
        String by = appliedBy != null ? appliedBy : System.getProperty("user.name", "modelperf");
        try (ThresholdPublisher publisher = new ThresholdPublisher(bootstrap, registry, topics.routingThresholds())) {
            for (JsonNode layer : changes) {
                RoutingThreshold threshold = RoutingThreshold.newBuilder().setTenant(answer.path("tenant").asText())
                        .setLayerId(layer.path("layerId").asText()).setThreshold(layer.path("recommendedThreshold").asDouble())
                        .setPreviousThreshold(layer.path("currentThreshold").asDouble()).setAppliedAt(Clock.systemUTC().instant())
                        .setReason(layer.path("reason").asText()).setAppliedBy(by).build();
                RecordMetadata metadata = publisher.publish(threshold);
                out.printf(Locale.ROOT, "Published %s: %.2f -> %.2f (%s-%d@%d).%n", threshold.getLayerId(), threshold.getPreviousThreshold(),
                        threshold.getThreshold(), metadata.topic(), metadata.partition(), metadata.offset());
            }
        }
        out.flush();
        return 0;
    }
}
