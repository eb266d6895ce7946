package dev.modelperf.client;

import dev.modelperf.client.PendingEvent.EventKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client's meters, tagged with its {@code client} id and the {@code event} type:
 * {@code modelperf.client.sent}, {@code .failed}, {@code .dropped} (also tagged {@code reason}),
 * {@code .buffer.depth} and {@code .send.latency} (from {@code record()} to the broker's ack,
 * buffer wait included). Resolved once, so the hot path only increments.
 */
final class ClientMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<EventKind, Counter> sent = new EnumMap<>(EventKind.class);
    private final Map<EventKind, Counter> failed = new EnumMap<>(EventKind.class);
    private final Map<EventKind, Map<DropReason, Counter>> dropped = new EnumMap<>(EventKind.class);
    private final Map<EventKind, Timer> latency = new EnumMap<>(EventKind.class);

    ClientMetrics(MeterRegistry registry, String clientId, Supplier<Number> bufferDepth) {
        this.registry = registry;
        for (EventKind kind : EventKind.values()) {
            sent.put(kind, add(Counter.builder("modelperf.client.sent").description("Events the broker acknowledged")
                    .tag("client", clientId).tag("event", kind.tag()).register(registry)));
            failed.put(kind, add(Counter.builder("modelperf.client.failed")
                    .description("Events Kafka refused or could not deliver (the future failed)")
                    .tag("client", clientId).tag("event", kind.tag()).register(registry)));
            Map<DropReason, Counter> byReason = new EnumMap<>(DropReason.class);
            for (DropReason reason : DropReason.values()) {
                byReason.put(reason, add(Counter.builder("modelperf.client.dropped")
                        .description("Events dropped before reaching Kafka (buffer full, or closed)")
                        .tag("client", clientId).tag("event", kind.tag()).tag("reason", reason.name().toLowerCase())
                        .register(registry)));
            }
            dropped.put(kind, byReason);
            latency.put(kind, add(Timer.builder("modelperf.client.send.latency")
                    .description("From record() to the broker's acknowledgement")
                    .tag("client", clientId).tag("event", kind.tag())
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)));
        }
        add(Gauge.builder("modelperf.client.buffer.depth", bufferDepth).description("Events waiting in the buffer")
                .tag("client", clientId).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    void sent(EventKind kind, long acceptedNanos) {
        sent.get(kind).increment();
        latency.get(kind).record(System.nanoTime() - acceptedNanos, TimeUnit.NANOSECONDS);
    }

    void failed(EventKind kind) {
        failed.get(kind).increment();
    }

    void dropped(EventKind kind, DropReason reason) {
        dropped.get(kind).get(reason).increment();
    }

    /** Removes the meters, so that a later client with the same id starts afresh. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
