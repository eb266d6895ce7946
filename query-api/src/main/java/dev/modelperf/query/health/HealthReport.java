package dev.modelperf.query.health;

import dev.modelperf.events.HealthStatus;
import java.util.List;

/** The answer of {@code GET /api/v1/health}: the query as understood (status null: every status), then the models by name. */
public record HealthReport(String tenant, HealthStatus status, List<ModelHealthView> models) {
}
