package dev.modelperf.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.routing.Evidence;
import org.junit.jupiter.api.Test;

class DecayedEvidenceTest {

    private static final long HALF_LIFE = 1_000;

    @Test
    void olderEvidenceWeighsHalfPerHalfLifeBeforeTheNewest() {
        DecayedEvidence held = DecayedEvidence.NONE.plus(new Evidence(8, 8, 0, 0), 0, HALF_LIFE)
                .plus(new Evidence(2, 1, 0, 0), 2_000, HALF_LIFE);

        assertThat(held.asOfMs()).isEqualTo(2_000);
        assertThat(held.evidence().calls()).isCloseTo(8 * 0.25 + 2, within(1e-12));
        assertThat(held.evidence().successes()).isCloseTo(8 * 0.25 + 1, within(1e-12));
    }

    @Test
    void theOrderOfAddingDoesNotChangeTheResult() {
        Evidence old = new Evidence(10, 9, 4, 5);
        Evidence recent = new Evidence(3, 1, 1, 2);
        DecayedEvidence oldFirst = DecayedEvidence.NONE.plus(old, 500, HALF_LIFE).plus(recent, 3_500, HALF_LIFE);
        DecayedEvidence recentFirst = DecayedEvidence.NONE.plus(recent, 3_500, HALF_LIFE).plus(old, 500, HALF_LIFE);
        DecayedEvidence merged = new DecayedEvidence(recent, 3_500).plus(new DecayedEvidence(old, 500), HALF_LIFE);

        for (DecayedEvidence other : new DecayedEvidence[] {recentFirst, merged}) {
            assertThat(other.asOfMs()).isEqualTo(oldFirst.asOfMs());
            assertThat(other.evidence().calls()).isCloseTo(oldFirst.evidence().calls(), within(1e-12));
            assertThat(other.evidence().qualitySum()).isCloseTo(oldFirst.evidence().qualitySum(), within(1e-12));
        }
        assertThat(oldFirst.evidence().calls()).isCloseTo(3 + 10 / 8.0, within(1e-12));
        assertThat(DecayedEvidence.NONE.plus(DecayedEvidence.NONE, HALF_LIFE)).isEqualTo(DecayedEvidence.NONE);
    }
}
