package dev.modelperf.client.routing;

import dev.modelperf.events.CallStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The router's meters: {@code modelperf.router.decisions} (tagged {@code source}: data, rules,
 * none), {@code modelperf.router.attempts} (tagged {@code status}), {@code modelperf.router.fallbacks}
 * (attempts after a routed call's first) and {@code modelperf.router.data.age} (seconds since the
 * newest figures were taken; -1 before any). Counters are made once, so the caller's thread only
 * increments.
 */
final class RouterMetrics {

    private final Map<Decision.Source, Counter> decisions = new EnumMap<>(Decision.Source.class);
    private final Map<CallStatus, Counter> attempts = new EnumMap<>(CallStatus.class);
    private final Counter fallbacks;
    private final MeterRegistry registry;
    private final Gauge dataAge;

    <T> RouterMetrics(MeterRegistry registry, T router, ToDoubleFunction<T> dataAgeSeconds) {
        for (Decision.Source source : Decision.Source.values()) {
            decisions.put(source, Counter.builder("modelperf.router.decisions").description("Decisions made, by what they rest on")
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (CallStatus status : CallStatus.values()) {
            attempts.put(status, Counter.builder("modelperf.router.attempts").description("Model calls made by routed calls")
                    .tag("status", status.name()).register(registry));
        }
        fallbacks = Counter.builder("modelperf.router.fallbacks").description("Attempts after a routed call's first")
                .register(registry);
        // Held strongly until close(): a router is often referenced only by the caller's lambda.
        dataAge = Gauge.builder("modelperf.router.data.age", router, dataAgeSeconds).strongReference(true).baseUnit("seconds")
                .description("Age of the newest decision figures the router holds").register(registry);
        this.registry = registry;
    }

    void decided(Decision.Source source) {
        decisions.get(source).increment();
    }

    void attempted(CallStatus status, boolean fallback) {
        attempts.get(status).increment();
        if (fallback) {
            fallbacks.increment();
        }
    }

    /** Stops reporting the data age of a closed router (the counters stay, as the client's do). */
    void close() {
        registry.remove(dataAge);
    }
}
