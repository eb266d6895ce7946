package dev.modelperf.query.health;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.query.ApiError;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /api/v1/health?tenant=&status=} (every model of a tenant, optionally of one status)
 * and {@code GET /api/v1/health/{model}?tenant=} (one model; its name URL-encoded, as model names
 * contain {@code /} and {@code :}; 404 when the model has no recorded health).
 */
public final class HealthController {

    private final HealthQuery query;

    public HealthController(HealthQuery query) {
        this.query = query;
    }

    public void list(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        HealthStatus status = status(ctx);
        ctx.json(new HealthReport(tenant, status, query.tenant(tenant).stream()
                .filter(health -> status == null || health.getStatus() == status)
                .map(ModelHealthView::of)
                .toList()));
    }

    public void model(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String model = ctx.pathParam("model");
        Optional<ModelHealthView> health = query.model(tenant, model).map(ModelHealthView::of);
        if (health.isPresent()) {
            ctx.json(health.get());
        } else {
            ctx.status(404).json(new ApiError(404, "not_found", "model",
                    "No health recorded for model '" + model + "' of tenant '" + tenant + "': it has had no call yet"));
        }
    }

    private static HealthStatus status(Context ctx) {
        String status = ctx.queryParam("status");
        if (status == null || status.isEmpty()) {
            return null;
        }
        return Arrays.stream(HealthStatus.values())
                .filter(s -> s.name().equals(status.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new BadRequestException("status", "must be one of "
                        + String.join(", ", Arrays.stream(HealthStatus.values()).map(Enum::name).toList())));
    }
}
