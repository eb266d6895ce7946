package dev.modelperf.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"3f2b6c1e-8d0a-4c3e-9a57-0c5d2f1b7e44", "call|with|bars", "x"})
    void anyCallIdRoundTrips(String callEventId) {
        FeedbackKey key = new FeedbackKey("acme", callEventId);
        assertThat(key.encode()).isEqualTo("acme|" + callEventId);
        assertThat(FeedbackKey.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void refusesWhatIsNotAKey() {
        assertThatThrownBy(() -> FeedbackKey.decode("no-separator")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feedback key must be tenant|callEventId (was no-separator)");
        assertThatThrownBy(() -> new FeedbackKey("acme", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callEventId must not be empty");
    }
}
