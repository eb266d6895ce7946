package dev.modelperf.streams.health;

import dev.modelperf.events.Alert;
import dev.modelperf.schemas.keys.CallKey;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends what an {@link Blacklist.Outcome} says to publish: an alert per status change (keyed by
 * fingerprint) to the alerts sink, then the model's ModelHealth (keyed tenant|model) to the health
 * sink, each stamped with the time of the change.
 */
final class HealthPublisher {

    private final ProcessorContext<String, SpecificRecord> context;
    private final HealthAlerts alerts;

    HealthPublisher(ProcessorContext<String, SpecificRecord> context, HealthAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    void publish(String key, Blacklist.Outcome outcome) {
        if (outcome.changes().isEmpty() && !outcome.publish()) {
            return;
        }
        CallKey model = CallKey.decode(key);
        for (StatusChange change : outcome.changes()) {
            for (Alert alert : alerts.of(model.tenant(), model.model(), change, outcome.state())) {
                context.forward(new Record<>(alert.getFingerprint(), alert, change.at()), HealthTopology.ALERTS_SINK);
            }
        }
        if (outcome.publish()) {
            HealthState state = outcome.state();
            context.forward(new Record<>(key, state.toModelHealth(model.tenant(), model.model()), state.publishedAt()),
                    HealthTopology.HEALTH_SINK);
        }
    }

    /** A tombstone for the model: the compacted topic and every global copy drop it. */
    void forget(String key, long at) {
        context.forward(new Record<String, SpecificRecord>(key, null, at), HealthTopology.HEALTH_SINK);
    }
}
