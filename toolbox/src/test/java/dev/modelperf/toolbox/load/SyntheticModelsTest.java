package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.client.Failure;
import dev.modelperf.client.FailureClassifier;
import dev.modelperf.client.routing.ModelInvocation;
import dev.modelperf.client.routing.Reply;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticModelsTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aCallToAGivenModelIsThatModelsCallForTheRequest() {
        SyntheticTraffic placed = new SyntheticTraffic(11);
        SyntheticTraffic.Request request = placed.nextRequest();
        ModelCall call = placed.call(SyntheticTraffic.FAILING_MODEL, request, T0);
        assertThat(call.getModel()).isEqualTo(SyntheticTraffic.FAILING_MODEL);
        assertThat(call.getProvider()).isEqualTo("ollama");
        assertThat(call.getCategory()).isEqualTo(request.category());
        assertThat(call.getComplexity()).isEqualTo(request.complexity());
        assertThatThrownBy(() -> placed.call("nobody/none", request, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody/none");
    }

    @Test
    void eachModelFailsAsOftenAsItsProfileSaysAndTheRouterJudgesTheFailuresAsTheyWereDrawn() {
        SyntheticTraffic traffic = new SyntheticTraffic(3);
        List<Long> waited = new ArrayList<>();
        SyntheticModels models = new SyntheticModels(traffic, Clock.fixed(T0, ZoneOffset.UTC), waited::add);
        Map<CallStatus, Integer> failing = new EnumMap<>(CallStatus.class);
        int reliableOk = 0;
        int failingOk = 0;
        for (int i = 0; i < 2_000; i++) {
            SyntheticTraffic.Request request = traffic.nextRequest();
            reliableOk += outcome(models.invocation(request), "anthropic/claude-sonnet-4", null) == CallStatus.OK ? 1 : 0;
            CallStatus status = outcome(models.invocation(request), SyntheticTraffic.FAILING_MODEL, failing);
            failingOk += status == CallStatus.OK ? 1 : 0;
        }
        assertThat(reliableOk).isGreaterThan(1_900);
        assertThat(failingOk).isBetween(500, 900);
        assertThat(failing).containsKeys(CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.RATE_LIMITED,
                CallStatus.CLIENT_ERROR);
        assertThat(waited).hasSize(4_000).allMatch(ms -> ms >= 20);
    }

    private static CallStatus outcome(ModelInvocation<String> invocation, String model, Map<CallStatus, Integer> failures) {
        try {
            Reply<String> reply = invocation.call(model);
            assertThat(reply.value()).contains(model);
            assertThat(reply.outputTokens()).isPositive();
            assertThat(reply.qualityScore()).isBetween(0.0, 1.0);
            return CallStatus.OK;
        } catch (Exception e) {
            Failure failure = FailureClassifier.of(e);
            if (failures != null) {
                failures.merge(failure.status(), 1, Integer::sum);
            }
            return failure.status();
        }
    }
}
