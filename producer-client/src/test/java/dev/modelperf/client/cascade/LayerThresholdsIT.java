package dev.modelperf.client.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.events.RoutingThreshold;
import dev.modelperf.local.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Thresholds published to the real local broker reach a reader, at start and live afterwards. */
class LayerThresholdsIT {

    private static final String TOPIC = "it.routing-thresholds";
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        try (Admin admin = stack.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            // KAFKA-15591: an idempotent producer's first batch to a leaderless partition can fail; wait for leaders.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().values()
                    .stream().flatMap(d -> d.partitions().stream()).map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty()));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReaderLoadsTheThresholdsInForceAndFollowsLaterChanges() throws Exception {
        try (ThresholdPublisher publisher = new ThresholdPublisher(stack.bootstrapServers(), stack.registryUrl(), TOPIC)) {
            publisher.publish(threshold("acme", "semantic", 0.70, null));
            publisher.publish(threshold("acme", "semantic", 0.66, 0.70));
            publisher.publish(threshold("other", "semantic", 0.80, null));

            try (LayerThresholds thresholds = LayerThresholds.start(stack.bootstrapServers(), stack.registryUrl(), TOPIC)) {
                assertThat(thresholds.awaitLoaded(Duration.ofSeconds(30))).isTrue();
                assertThat(thresholds.thresholdOr("acme", "semantic", 0.5)).isEqualTo(0.66);
                assertThat(thresholds.current("acme", "semantic").orElseThrow().getPreviousThreshold()).isEqualTo(0.70);
                assertThat(thresholds.thresholdOr("other", "semantic", 0.5)).isEqualTo(0.80);
                assertThat(thresholds.thresholdOr("acme", "keyword", 0.9)).isEqualTo(0.9);

                publisher.publish(threshold("acme", "keyword", 0.57, 0.90));

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> thresholds.thresholdOr("acme", "keyword", 0.9) == 0.57);
                assertThat(thresholds.tenant("acme")).containsOnlyKeys("semantic", "keyword");
                assertThat(thresholds.tenant("acme").get("keyword").getReason()).isEqualTo("tuned in a test");
            }
        }
    }

    private static RoutingThreshold threshold(String tenant, String layer, double value, Double previous) {
        return RoutingThreshold.newBuilder().setTenant(tenant).setLayerId(layer).setThreshold(value).setPreviousThreshold(previous)
                .setAppliedAt(Instant.now()).setReason("tuned in a test").setAppliedBy("LayerThresholdsIT").build();
    }
}
