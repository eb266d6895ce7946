package dev.modelperf.streams.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.routing.ensemble.Panel;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EnsembleSerdesTest {

    @Test
    void aPanelCrossesTheRepartitionTopicUnchangedUnknownFiguresIncluded() {
        Panel panel = new Panel(1_700_000_000_000L, List.of(new Panel.Answer("a", 0.9, 120L, 0.002),
                new Panel.Answer("b", null, null, null)), "a", false);
        Panel tie = new Panel(5, List.of(new Panel.Answer("a", 0.5, 1L, 0.0), new Panel.Answer("b", 0.5, 2L, 0.1)), null, true);

        assertThat(EnsembleSerdes.decode(EnsembleSerdes.encode(panel))).isEqualTo(panel);
        assertThat(EnsembleSerdes.decode(EnsembleSerdes.encode(tie))).isEqualTo(tie);
        assertThatThrownBy(() -> EnsembleSerdes.decode(new byte[] {1, 2})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Corrupt ensemble panel of 2 bytes");
    }

    @Test
    void aLevelKeyNamesItsPartsAndRejectsWhatIsNotOne() {
        assertThat(LevelKey.decode("acme|code/backend")).isEqualTo(new LevelKey("acme", "code/backend"));
        assertThat(new LevelKey("acme", "*").encode()).isEqualTo("acme|*");
        assertThatThrownBy(() -> LevelKey.decode("acme")).hasMessageContaining("tenant|level");
        assertThatThrownBy(() -> new LevelKey("acme", "Code")).hasMessageContaining("level must be");
    }
}
