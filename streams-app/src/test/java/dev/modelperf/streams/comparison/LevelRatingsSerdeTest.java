package dev.modelperf.streams.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.routing.rating.ModelRating;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LevelRatingsSerdeTest {

    private final LevelRatingsSerde serde = new LevelRatingsSerde();

    @Test
    void roundTripsEveryWindowAndRating() {
        LevelRatings ratings = new LevelRatings(1_764_000_123_456L, 1_763_942_400_000L, Map.of(
                RatingWindow.DAY, LevelRatings.WindowRatings.empty(1_763_942_400_000L),
                RatingWindow.WEEK, new LevelRatings.WindowRatings(1_763_424_000_000L, 13, 19, 3, true, List.of(
                        new ModelRating("openai/gpt-4o", 0.7, 0.21, 12.5, 3.5, 16),
                        new ModelRating("claude", -0.7, 0.19, 3.5, 12.5, 16)))));

        byte[] bytes = serde.serializer().serialize("any", ratings);

        assertThat(serde.deserializer().deserialize("any", bytes)).isEqualTo(ratings);
        assertThat(serde.deserializer().deserialize("any", null)).isNull();
    }

    @Test
    void refusesAnUnknownFormatAndTruncatedBytes() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("any", new byte[] {7}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 7");
        byte[] whole = serde.serializer().serialize("any", new LevelRatings(1, 0, Map.of(RatingWindow.DAY,
                new LevelRatings.WindowRatings(0, 1, 1, 1, true, List.of(new ModelRating("m", 0, 1, 1, 0, 1))))));
        assertThatThrownBy(() -> serde.deserializer().deserialize("any", java.util.Arrays.copyOf(whole, whole.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }
}
