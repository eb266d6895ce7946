package dev.modelperf.streams.health;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The wall-clock punctuator: ends every ejection whose deadline has passed, and decays ejection
 * levels, even when a model gets no calls at all (routers stop sending to a blacklisted model, so
 * no event would ever end its blacklist). It reads the whole store of its task once per interval;
 * changes are written after the scan, never through an open iterator.
 */
final class BlacklistExpiry implements Punctuator {

    private final KeyValueStore<String, HealthState> store;
    private final Blacklist blacklist;
    private final HealthPublisher publisher;

    BlacklistExpiry(KeyValueStore<String, HealthState> store, Blacklist blacklist, HealthPublisher publisher) {
        this.store = store;
        this.blacklist = blacklist;
        this.publisher = publisher;
    }

    @Override
    public void punctuate(long now) {
        List<KeyValue<String, Blacklist.Outcome>> changed = new ArrayList<>();
        try (KeyValueIterator<String, HealthState> models = store.all()) {
            while (models.hasNext()) {
                KeyValue<String, HealthState> model = models.next();
                Blacklist.Outcome outcome = blacklist.onTick(model.value, now);
                if (outcome.store()) {
                    changed.add(KeyValue.pair(model.key, outcome));
                }
            }
        }
        for (KeyValue<String, Blacklist.Outcome> change : changed) {
            store.put(change.key, change.value.state());
            publisher.publish(change.key, change.value);
        }
    }
}
