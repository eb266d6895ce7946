package dev.modelperf.streams.health;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The wall-clock punctuator that forgets models gone quiet: a HEALTHY model whose latest call is
 * {@link HealthPolicy#idleExpiry()} old or older loses its health entry, and a tombstone on the
 * health topic drops it from every instance's global copy. Without it, every model name ever seen
 * would be scanned each second and replicated forever. An ejected model is kept: its deadline and
 * level still matter. Deletions are made after the scan, never through an open iterator.
 */
final class IdleExpiry implements Punctuator {

    private final KeyValueStore<String, HealthState> store;
    private final HealthPublisher publisher;
    private final long idleMs;

    IdleExpiry(KeyValueStore<String, HealthState> store, HealthPublisher publisher, HealthPolicy policy) {
        this.store = store;
        this.publisher = publisher;
        this.idleMs = policy.idleExpiry().toMillis();
    }

    @Override
    public void punctuate(long now) {
        List<String> quiet = new ArrayList<>();
        try (KeyValueIterator<String, HealthState> models = store.all()) {
            while (models.hasNext()) {
                KeyValue<String, HealthState> model = models.next();
                if (!model.value.isEjected() && now - model.value.lastCallAt() >= idleMs) {
                    quiet.add(model.key);
                }
            }
        }
        for (String key : quiet) {
            store.delete(key);
            publisher.forget(key, now);
        }
    }
}
