package dev.modelperf.toolbox;

import dev.modelperf.query.health.HealthReport;
import dev.modelperf.query.health.ModelHealthView;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The demo's stand-in for an LLM router: it reads {@code /api/v1/health?status=BLACKLISTED} and
 * sends no calls to a blacklisted model, as a real router would, so a failing model stays
 * blacklisted until its period ends. Prints each model that goes in or out of the blacklist.
 */
final class DemoRouter {

    private final ApiClient api;
    private Map<String, ModelHealthView> blacklisted = Map.of();

    DemoRouter(ApiClient api) {
        this.api = api;
    }

    boolean allows(String model) {
        return !blacklisted.containsKey(model);
    }

    /** Reads the blacklist again; keeps the last one known when the API does not answer. */
    void refresh() throws InterruptedException {
        HealthReport report;
        try {
            report = api.health("status=BLACKLISTED");
        } catch (IOException e) {
            return;
        }
        Map<String, ModelHealthView> now = new LinkedHashMap<>();
        report.models().forEach(model -> now.put(model.model(), model));
        for (ModelHealthView model : now.values()) {
            if (!blacklisted.containsKey(model.model())) {
                System.out.printf("Health: %s is BLACKLISTED until %s after %d consecutive failures (last error: %s); "
                                + "the demo's router stops calling it.%n", model.model(), model.blacklistedUntil(),
                        model.consecutiveFailures(), model.lastError());
            }
        }
        Set<String> recovered = new TreeSet<>(blacklisted.keySet());
        recovered.removeAll(now.keySet());
        recovered.forEach(model -> System.out.printf("Health: %s RECOVERED; the demo's router calls it again.%n", model));
        blacklisted = now;
    }
}
