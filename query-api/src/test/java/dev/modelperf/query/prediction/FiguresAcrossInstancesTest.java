package dev.modelperf.query.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.Complexity;
import dev.modelperf.query.rankings.RankingsView;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The calls per complexity travel with the figures an instance serves the others, so that a
 * prediction gathered from several instances shifts for complexity as one from a single instance.
 */
class FiguresAcrossInstancesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void callsPerComplexitySurviveTheTripBetweenInstances() throws Exception {
        ModelFigures figures = new ModelFigures("m", "p", 10, 8, 100.0, 200.0, null, 0, null, 0, 5, new Evidence(10, 8, 0, 0),
                Map.of(Complexity.HIGH, new Evidence(4, 2, 1.5, 3), Complexity.LOW, new Evidence(6, 6, 0, 0)));
        RankingsView.Slice slice = new RankingsView.Slice(Set.of(0, 2), 42, Map.of("code", List.of(figures)));

        RankingsView.Slice back = mapper.readValue(mapper.writeValueAsString(slice), RankingsView.Slice.class);

        assertThat(back).isEqualTo(slice);
        assertThat(back.byCategory().get("code").get(0).of(Complexity.HIGH)).isEqualTo(new Evidence(4, 2, 1.5, 3));
    }

    @Test
    void figuresFromAnInstanceThatCountsNoComplexityReadAsNone() throws Exception {
        String older = "{\"model\":\"m\",\"provider\":\"p\",\"calls\":3,\"successes\":3,\"costedCalls\":0,\"qualityCount\":0,"
                + "\"lastCallMs\":1,\"evidence\":{\"calls\":3,\"successes\":3,\"qualitySum\":0,\"qualityCount\":0}}";

        ModelFigures figures = mapper.readValue(older, ModelFigures.class);

        assertThat(figures.calls()).isEqualTo(3);
        assertThat(figures.byComplexity()).isEmpty();
        assertThat(figures.of(Complexity.LOW)).isEqualTo(Evidence.NONE);
    }
}
