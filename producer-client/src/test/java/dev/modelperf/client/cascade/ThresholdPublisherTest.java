package dev.modelperf.client.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.RoutingThreshold;
import dev.modelperf.schemas.validation.Violation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThresholdPublisherTest {

    @Test
    void namesEveryFieldThatBreaksARule() {
        RoutingThreshold threshold = RoutingThreshold.newBuilder().setTenant("Acme Corp").setLayerId(" ").setThreshold(1.5)
                .setPreviousThreshold(-0.1).setAppliedAt(Instant.EPOCH).setReason("").build();

        assertThat(ThresholdPublisher.violations(threshold)).containsExactly(
                new Violation("tenant", "must match [a-z0-9][a-z0-9_-]{0,63}"),
                new Violation("layerId", "must not be blank"),
                new Violation("threshold", "must be within [0, 1], was 1.5"),
                new Violation("previousThreshold", "must be within [0, 1], was -0.1"),
                new Violation("reason", "must say why the threshold changes"));
    }

    @Test
    void acceptsAThresholdWithinTheRules() {
        RoutingThreshold threshold = RoutingThreshold.newBuilder().setTenant("acme").setLayerId("semantic").setThreshold(0.66)
                .setPreviousThreshold(0.70).setAppliedAt(Instant.EPOCH).setReason("lower semantic from 0.70 to 0.66").build();

        assertThat(ThresholdPublisher.violations(threshold)).isEmpty();
    }
}
