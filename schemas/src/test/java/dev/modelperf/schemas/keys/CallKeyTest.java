package dev.modelperf.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CallKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o", "llama3:70b", "a|b", "|", "model with spaces", "ünïcödé"})
    void anyModelNameRoundTrips(String model) {
        CallKey key = new CallKey("acme", model);
        assertThat(CallKey.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void tenantsThatWouldMakeKeysAmbiguousAreRefused() {
        assertThatThrownBy(() -> new CallKey("a|b", "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenant must match");
        assertThatThrownBy(() -> CallKey.decode("no-separator")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("call key must be tenant|model (was no-separator)");
    }

    @Test
    void aTenantPrefixCoversExactlyThatTenantsKeys() {
        assertThat(new CallKey("ac", "me|x").encode()).startsWith(CallKey.tenantPrefix("ac"));
        assertThat(new CallKey("acme", "x").encode()).doesNotStartWith(CallKey.tenantPrefix("ac"));
    }
}
