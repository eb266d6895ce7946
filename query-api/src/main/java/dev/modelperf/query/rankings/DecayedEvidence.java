package dev.modelperf.query.rankings;

import dev.modelperf.routing.Evidence;

/**
 * Evidence with each part weighted ½ per half-life of age, age counted back from the newest part
 * ({@code asOfMs}) rather than from the clock: the same calls give the same figures on every
 * instance and at every refresh, and a model nobody calls keeps the estimate its last calls gave.
 * Adding newer evidence ages what is held; adding older evidence ages what is added.
 */
record DecayedEvidence(Evidence evidence, long asOfMs) {

    static final DecayedEvidence NONE = new DecayedEvidence(Evidence.NONE, Long.MIN_VALUE);

    DecayedEvidence plus(Evidence added, long atMs, long halfLifeMs) {
        if (asOfMs == Long.MIN_VALUE) {
            return new DecayedEvidence(added, atMs);
        }
        if (atMs > asOfMs) {
            return new DecayedEvidence(evidence.scaled(Evidence.weight(atMs - asOfMs, halfLifeMs)).plus(added), atMs);
        }
        return new DecayedEvidence(evidence.plus(added.scaled(Evidence.weight(asOfMs - atMs, halfLifeMs))), asOfMs);
    }

    DecayedEvidence plus(DecayedEvidence other, long halfLifeMs) {
        return other.asOfMs == Long.MIN_VALUE ? this : plus(other.evidence, other.asOfMs, halfLifeMs);
    }
}
