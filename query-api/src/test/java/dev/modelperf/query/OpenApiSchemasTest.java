package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.query.alerts.AlertView;
import dev.modelperf.query.ratings.RatingsView;
import dev.modelperf.query.routing.RoutingLayersView;
import dev.modelperf.query.routing.ThresholdsView;
import dev.modelperf.query.ensemble.EnsembleView;
import dev.modelperf.routing.ensemble.EnsembleAdvice;
import dev.modelperf.query.alerts.AlertsController;
import dev.modelperf.query.analytics.CategoriesController;
import dev.modelperf.query.analytics.ModelsController;
import dev.modelperf.query.analytics.SummaryController;
import dev.modelperf.query.analytics.TrendsController;
import dev.modelperf.query.health.HealthReport;
import dev.modelperf.query.health.ModelHealthView;
import dev.modelperf.query.ingest.AcceptedResponse;
import dev.modelperf.query.ingest.FieldError;
import dev.modelperf.query.ingest.InvalidEventsResponse;
import dev.modelperf.query.rankings.Rankings;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.routing.Basis;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Recommendation;
import dev.modelperf.routing.Scoring;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each response schema against the record Jackson writes for it: the same field names (every
 * component is written, null included, so every one is required), a JSON type that fits the Java
 * type, never nullable for a primitive and always for a boxed number (null where unknown), and
 * an enum's symbols. Which strings and objects may be null the code cannot tell; the document says.
 */
class OpenApiSchemasTest {

    private static final Set<Class<?>> BOXED_NUMBERS = Set.of(Double.class, Long.class, Integer.class);

    static List<Arguments> schemas() {
        Map<String, Class<? extends Record>> records = Map.ofEntries(
                Map.entry("ApiError", ApiError.class),
                Map.entry("Basis", Basis.class),
                Map.entry("Weights", Priority.Weights.class),
                Map.entry("ScoreParts", Scoring.ScoreParts.class),
                Map.entry("ModelHealthBrief", RankedModel.Health.class),
                Map.entry("RankedModel", RankedModel.class),
                Map.entry("Estimates", RankedModel.Estimates.class),
                Map.entry("Estimate", RankedModel.Estimate.class),
                Map.entry("DefaultModel", Rankings.DefaultModel.class),
                Map.entry("Rankings", Rankings.class),
                Map.entry("Choice", Recommendation.Choice.class),
                Map.entry("Skipped", Recommendation.Skipped.class),
                Map.entry("Recommendation", Recommendation.class),
                Map.entry("Category", CategoriesController.Category.class),
                Map.entry("Categories", CategoriesController.Categories.class),
                Map.entry("KnownModel", ModelsController.KnownModel.class),
                Map.entry("Models", ModelsController.Models.class),
                Map.entry("ModelMetrics", ModelsController.ModelMetrics.class),
                Map.entry("Stats", StatsView.class),
                Map.entry("Distribution", StatsView.Distribution.class),
                Map.entry("Cost", StatsView.Cost.class),
                Map.entry("Quality", StatsView.Quality.class),
                Map.entry("Feedback", StatsView.FeedbackView.class),
                Map.entry("Judgments", StatsView.JudgmentView.class),
                Map.entry("Summary", SummaryController.Summary.class),
                Map.entry("TrendPoint", TrendsController.Point.class),
                Map.entry("Trend", TrendsController.Trend.class),
                Map.entry("ModelHealth", ModelHealthView.class),
                Map.entry("HealthReport", HealthReport.class),
                Map.entry("Accepted", AcceptedResponse.class),
                Map.entry("FieldError", FieldError.class),
                Map.entry("InvalidEvents", InvalidEventsResponse.class),
                Map.entry("Alert", AlertView.class),
                Map.entry("Alerts", AlertsController.AlertsReport.class),
                Map.entry("RoutingLayers", RoutingLayersView.class),
                Map.entry("RoutingCascade", RoutingLayersView.Cascade.class),
                Map.entry("RoutingLayer", RoutingLayersView.Layer.class),
                Map.entry("RoutingLatency", RoutingLayersView.Latency.class),
                Map.entry("RoutingThresholdSeen", RoutingLayersView.Threshold.class),
                Map.entry("ConfidenceBin", RoutingLayersView.Bin.class),
                Map.entry("RoutingThresholds", ThresholdsView.class),
                Map.entry("RoutingThresholdLayer", ThresholdsView.Layer.class),
                Map.entry("ThresholdEffect", ThresholdsView.Effect.class),
                Map.entry("Ratings", RatingsView.class),
                Map.entry("RatingScale", RatingsView.Scale.class),
                Map.entry("Rating", RatingsView.Rating.class),
                Map.entry("EnsembleAdvice", EnsembleView.class),
                Map.entry("EnsemblePanelSize", EnsembleAdvice.PanelSize.class),
                Map.entry("EnsembleStopEarly", EnsembleAdvice.StopEarly.class),
                Map.entry("EnsembleModel", EnsembleAdvice.ModelFigures.class));
        return records.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void matchesTheRecordJacksonWrites(String name, Class<? extends Record> type) throws IOException {
        JsonNode schema = document().path("components").path("schemas").path(name);
        RecordComponent[] components = type.getRecordComponents();
        Set<String> fields = new TreeSet<>(Arrays.stream(components).map(RecordComponent::getName).toList());
        Set<String> properties = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(field -> required.add(field.asText()));

        assertThat(properties).as("properties of %s", name).isEqualTo(fields);
        assertThat(required).as("required of %s", name).isEqualTo(fields);
        for (RecordComponent component : components) {
            Class<?> javaType = component.getType();
            JsonNode property = schema.path("properties").path(component.getName());
            String where = name + "." + component.getName();
            boolean nullable = property.path("nullable").asBoolean(false);
            assertThat(jsonType(property)).as("%s type", where).isEqualTo(expectedJsonType(javaType));
            if (javaType.isPrimitive()) {
                assertThat(nullable).as("%s nullable", where).isFalse();
            } else if (BOXED_NUMBERS.contains(javaType)) {
                assertThat(nullable).as("%s nullable", where).isTrue();
            }
            if (javaType.isEnum()) {
                List<String> documented = new ArrayList<>();
                property.path("enum").forEach(symbol -> documented.add(symbol.asText()));
                assertThat(documented).as("%s enum", where)
                        .isEqualTo(Arrays.stream(javaType.getEnumConstants()).map(symbol -> ((Enum<?>) symbol).name()).toList());
            }
        }
    }

    private static String jsonType(JsonNode property) {
        return property.has("$ref") || property.has("allOf") ? "object" : property.path("type").asText();
    }

    private static String expectedJsonType(Class<?> type) {
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "integer";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == boolean.class) {
            return "boolean";
        }
        if (type == String.class || type.isEnum() || type == Instant.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiSchemasTest.class.getResourceAsStream(OpenApiController.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
