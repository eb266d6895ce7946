package dev.modelperf.streams.alert;

/**
 * Where one scope of one rule stands, kept only while it is not OK: pending (breaching, not yet
 * for long enough) or firing. Absent from the store means OK, so the store holds active alerts only.
 *
 * @param breaches  consecutive breaching minutes so far
 * @param clears    consecutive minutes without a breach while firing
 * @param startedAt start of the first breaching minute of this episode, epoch milliseconds
 */
public record RuleState(boolean firing, int breaches, int clears, long startedAt) {

    /** What one evaluated minute did: the new state (null = OK) and the alert to emit, if any. */
    public record Step(RuleState next, Transition transition) {
    }

    public enum Transition { NONE, FIRED, RESOLVED }

    /**
     * The state machine with hysteresis: OK → pending on a breach, → FIRED after {@code forMinutes}
     * consecutive breaches; while firing, each breach restarts the count of clear minutes, and
     * RESOLVED comes after {@code resolveMinutes} of them in a row. A pending episode that clears
     * before firing goes back to OK silently.
     */
    public static Step next(RuleState state, boolean breach, long minuteStart, int forMinutes, int resolveMinutes) {
        if (state == null) {
            if (!breach) {
                return new Step(null, Transition.NONE);
            }
            state = new RuleState(false, 0, 0, minuteStart);
        }
        if (!state.firing) {
            if (!breach) {
                return new Step(null, Transition.NONE);
            }
            int breaches = state.breaches + 1;
            return breaches >= forMinutes
                    ? new Step(new RuleState(true, breaches, 0, state.startedAt), Transition.FIRED)
                    : new Step(new RuleState(false, breaches, 0, state.startedAt), Transition.NONE);
        }
        if (breach) {
            return new Step(new RuleState(true, state.breaches, 0, state.startedAt), Transition.NONE);
        }
        int clears = state.clears + 1;
        return clears >= resolveMinutes
                ? new Step(null, Transition.RESOLVED)
                : new Step(new RuleState(true, state.breaches, clears, state.startedAt), Transition.NONE);
    }
}
