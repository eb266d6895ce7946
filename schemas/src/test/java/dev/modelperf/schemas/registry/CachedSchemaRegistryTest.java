package dev.modelperf.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The serde hot path must make no registry call after the first per schema. */
class CachedSchemaRegistryTest {

    private static final Schema READING = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "fields": [{"name": "model", "type": "string"}]}""");

    private final InMemorySchemaRegistry store = new InMemorySchemaRegistry();
    private final CountingRegistry delegate = new CountingRegistry(store);
    private final CachedSchemaRegistry cached = new CachedSchemaRegistry(delegate);

    @Test
    void secondRegistrationMakesNoCall() {
        int id = cached.register("a-value", READING);

        assertThat(cached.register("a-value", READING)).isEqualTo(id);
        assertThat(delegate.calls("register")).isEqualTo(1);
    }

    @Test
    void registeredSchemaIsKnownByIdWithoutACall() {
        int id = cached.register("a-value", READING);

        assertThat(cached.schemaById(id)).isEqualTo(READING);
        assertThat(delegate.calls("schemaById")).isZero();
    }

    @Test
    void schemaByIdIsFetchedOnce() {
        int id = store.register("a-value", READING);

        assertThat(cached.schemaById(id)).isEqualTo(READING);
        assertThat(cached.schemaById(id)).isEqualTo(READING);
        assertThat(delegate.calls("schemaById")).isEqualTo(1);
    }

    @Test
    void latestAlwaysAsksButPrimesTheCaches() {
        int id = store.register("a-value", READING);

        cached.latest("a-value");
        cached.latest("a-value");
        cached.schemaById(id);
        cached.register("a-value", READING);

        assertThat(delegate.calls("latest")).isEqualTo(2);
        assertThat(delegate.calls("schemaById")).isZero();
        assertThat(delegate.calls("register")).isZero();
    }

    @Test
    void failuresAreNotCached() {
        assertThatThrownBy(() -> cached.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
        store.register("a-value", READING);

        assertThat(cached.schemaById(1)).isEqualTo(READING);
        assertThat(delegate.calls("schemaById")).isEqualTo(2);
    }

    @Test
    void compatibilityQuestionsAlwaysGoThrough() {
        store.register("a-value", READING);

        cached.setCompatibility("a-value", CompatibilityLevel.FULL);
        assertThat(cached.compatibility("a-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(cached.isCompatible("a-value", READING)).isTrue();
        assertThat(cached.isCompatible("a-value", READING)).isTrue();

        assertThat(delegate.calls("isCompatible")).isEqualTo(2);
    }

    /** Counts calls per method name on the way to a real registry. */
    private static final class CountingRegistry implements SchemaRegistry {

        private final SchemaRegistry delegate;
        private final Map<String, Integer> calls = new ConcurrentHashMap<>();

        CountingRegistry(SchemaRegistry delegate) {
            this.delegate = delegate;
        }

        int calls(String method) {
            return calls.getOrDefault(method, 0);
        }

        private void count(String method) {
            calls.merge(method, 1, Integer::sum);
        }

        @Override
        public int register(String subject, Schema schema) {
            count("register");
            return delegate.register(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            count("schemaById");
            return delegate.schemaById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            count("latest");
            return delegate.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            count("isCompatible");
            return delegate.isCompatible(subject, schema);
        }

        @Override
        public CompatibilityLevel compatibility(String subject) {
            count("compatibility");
            return delegate.compatibility(subject);
        }

        @Override
        public void setCompatibility(String subject, CompatibilityLevel level) {
            count("setCompatibility");
            delegate.setCompatibility(subject, level);
        }
    }
}
