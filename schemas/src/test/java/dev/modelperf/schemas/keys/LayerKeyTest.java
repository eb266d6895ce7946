package dev.modelperf.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayerKeyTest {

    @Test
    void encodesAndDecodesTenantAndLayer() {
        LayerKey key = new LayerKey("acme", "semantic|v2");

        assertThat(key.encode()).isEqualTo("acme|semantic|v2");
        assertThat(LayerKey.decode("acme|semantic|v2")).isEqualTo(key);
    }

    @Test
    void refusesAKeyWithoutSeparatorOrLayer() {
        assertThatThrownBy(() -> LayerKey.decode("acme")).hasMessageContaining("layer key must be tenant|layerId (was acme)");
        assertThatThrownBy(() -> LayerKey.decode("acme|")).hasMessageContaining("layerId must not be empty");
    }
}
