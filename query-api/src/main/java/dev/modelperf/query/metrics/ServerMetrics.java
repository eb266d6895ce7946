package dev.modelperf.query.metrics;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.query.UnavailableException;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /metrics} in the Prometheus text format: the Kafka Streams client's own metrics (lag,
 * rates, and the topology's {@code dlq-records} by reason), the JVM, each route's request timings,
 * and ModelPerf's: models blacklisted per tenant, alerts firing per tenant and rule, the age of the
 * ready-made rankings and whether the streams app is RUNNING. The gauges read the global stores at
 * scrape time, so a scrape costs one pass over the blacklist and the alerts, never the request path.
 */
public final class ServerMetrics implements AutoCloseable {

    /** The names the dashboards and alert rules use; a test checks they are all exported. */
    public static final String BLACKLISTED = "modelperf.models.blacklisted";
    public static final String ALERTS_FIRING = "modelperf.alerts.firing";
    public static final String SNAPSHOT_AGE = "modelperf.rankings.snapshot.age";
    public static final String STREAMS_RUNNING = "modelperf.streams.running";
    public static final String KAFKA_REACHABLE = "modelperf.kafka.reachable";
    public static final String HTTP_REQUESTS = "http.server.requests";

    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    private final MultiGauge blacklisted;
    private final MultiGauge alertsFiring;
    private final Supplier<Map<String, Long>> blacklistedByTenant;
    private final Supplier<List<Alert>> alerts;

    /**
     * {@code blacklistedByTenant} and {@code alerts} read the global stores; {@code snapshotAsOfMs}
     * is when the ready-made rankings were last taken (0: never).
     */
    public ServerMetrics(KafkaStreams streams, Supplier<Map<String, Long>> blacklistedByTenant, Supplier<List<Alert>> alerts,
                         LongSupplier snapshotAsOfMs, BooleanSupplier kafkaReachable, Clock clock) {
        this.blacklistedByTenant = blacklistedByTenant;
        this.alerts = alerts;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // Stores and the DLQ meters appear as tasks are assigned: look for new Kafka metrics every 10 s, not every minute.
        streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "modelperf-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        }), KAFKA_METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
        blacklisted = MultiGauge.builder(BLACKLISTED).description("Models blacklisted now, per tenant").register(registry);
        alertsFiring = MultiGauge.builder(ALERTS_FIRING).description("Alerts firing now, per tenant and rule").register(registry);
        Gauge.builder(SNAPSHOT_AGE, () -> {
            long asOf = snapshotAsOfMs.getAsLong();
            return asOf == 0 ? Double.NaN : (clock.millis() - asOf) / 1000.0;
        }).description("Age of the ready-made rankings (NaN before the first)").baseUnit("seconds").register(registry);
        Gauge.builder(KAFKA_REACHABLE, () -> kafkaReachable.getAsBoolean() ? 1 : 0)
                .description("1 while Kafka answers this instance's admin client (checked every few seconds)").register(registry);
        Gauge.builder(STREAMS_RUNNING, () -> streams.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the streams app is RUNNING (what /readyz answers)").register(registry);
    }

    /** Timings of one answered request, by route template (never the raw path: model names would explode the series). */
    public void record(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint().path;
        } catch (RuntimeException noEndpoint) {
            route = "unmatched";
        }
        Timer.builder(HTTP_REQUESTS)
                .tags(Tags.of("method", ctx.method().name(), "route", route, "status", String.valueOf(ctx.statusCode())))
                .publishPercentileHistogram(false)
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    public void scrape(Context ctx) {
        refresh();
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** Reads the global stores into the gauges; while they are not queryable, the last values stay. */
    private void refresh() {
        try {
            blacklisted.register(rows(blacklistedByTenant.get(), tenant -> Tags.of("tenant", tenant)), true);
            alertsFiring.register(rows(firing(alerts.get()), key -> Tags.of("tenant", key.tenant(), "rule", key.rule())), true);
        } catch (UnavailableException | org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
            // The streams app is starting or rebalancing: modelperf_streams_running says so.
        }
    }

    /** One series of {@code modelperf_alerts_firing}. */
    record TenantRule(String tenant, String rule) {
    }

    /** How many alerts fire now, per tenant and rule. */
    static Map<TenantRule, Long> firing(List<Alert> alerts) {
        return alerts.stream().filter(alert -> alert.getState() == AlertState.FIRING)
                .collect(Collectors.groupingBy(alert -> new TenantRule(alert.getTenant(), alert.getRule()), Collectors.counting()));
    }

    private static <K> List<MultiGauge.Row<?>> rows(Map<K, Long> counts, Function<K, Tags> tags) {
        return counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(tags.apply(e.getKey()), e.getValue()))
                .toList();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        gcMetrics.close();
        heapPressure.close();
        registry.close();
    }
}
