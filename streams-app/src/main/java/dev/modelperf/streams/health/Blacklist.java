package dev.modelperf.streams.health;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The consecutive-failure blacklist of one model, as a pure function of (state, event, time) so
 * that every rule is testable without Kafka.
 *
 * <ul>
 *   <li>A counted failure ({@link HealthPolicy#failureStatuses()}) adds one to the consecutive
 *       failures; a success resets them; any other status is ignored (it neither counts nor resets).</li>
 *   <li>From the threshold on, every counted failure raises the ejection level by one and ejects the
 *       model until its own time + base × 2^(level−1), capped; a later deadline is never shortened.</li>
 *   <li>Whether an ejection is BLACKLISTED or only DEGRADED is the {@link SafetyValve}'s call; a
 *       DEGRADED model that fails again is blacklisted as soon as the valve has room.</li>
 *   <li>An ejection ends when its deadline passes (checked on each call in event time, and by the
 *       wall-clock punctuator through {@link #onTick}) or at once when a call succeeds (a probe got
 *       through). Expiry does not reset the consecutive failures: the next counted failure ejects
 *       again, for twice as long (half-open, as a circuit breaker).</li>
 *   <li>Calls arrive out of order: a success stamped before the ejection began says nothing about
 *       the model since, so it neither ends the ejection nor resets the failures; a counted failure
 *       whose ejection would already be over at stream time counts, but ejects nobody (it would
 *       fire and resolve at once).</li>
 *   <li>The ejection level drops by one for each full {@link HealthPolicy#ejectionDecay()} of
 *       health: no counted failure and not ejected.</li>
 * </ul>
 */
public final class Blacklist {

    /** Asks the safety valve whether the model may be blacklisted at the given time. */
    @FunctionalInterface
    public interface Valve {
        SafetyValve.Verdict check(long at);
    }

    /**
     * The new state, the status changes on the way (in order), and whether to publish a ModelHealth
     * record. {@code store} is false when the state is the one given, so that the common case (one
     * more success of a healthy model) costs no store write.
     */
    public record Outcome(HealthState state, List<StatusChange> changes, boolean publish, boolean store) {
    }

    private final HealthPolicy policy;
    private final long[] periodMsByLevel;
    private final long refreshMs;
    private final long activityResolutionMs;

    public Blacklist(HealthPolicy policy) {
        this.policy = policy;
        this.periodMsByLevel = new long[policy.maxEjectionLevel() + 1];
        for (int level = 1; level < periodMsByLevel.length; level++) {
            periodMsByLevel[level] = policy.blacklistPeriod(level).toMillis();
        }
        // Refreshing the published record every half window keeps active models visibly active to every valve.
        this.refreshMs = Math.max(1, policy.activeWindow().toMillis() / 2);
        // A model's last call is kept to a sixtieth of the active window (a minute by default): precise
        // enough for the valve, and most calls then leave the state untouched.
        this.activityResolutionMs = Math.max(1, policy.activeWindow().toMillis() / 60);
    }

    /** Applies one call, at its event time {@code at}, as the newest call so far; {@code previous} is null for a model never seen. */
    public Outcome onCall(HealthState previous, ModelCall call, long at, Valve valve) {
        return onCall(previous, call, at, at, valve);
    }

    /**
     * Applies one call, at its event time {@code at}, when stream time is {@code now} ({@code at}
     * or later for a call that arrives late); {@code previous} is null for a model never seen.
     */
    public Outcome onCall(HealthState previous, ModelCall call, long at, long now, Valve valve) {
        HealthState state = previous == null ? HealthState.first(at) : previous;
        List<StatusChange> changes = new ArrayList<>(2);
        state = decay(expire(state, at, changes), at);
        CallStatus status = call.getStatus();
        if (status == CallStatus.OK) {
            state = succeed(state, at, changes);
        } else if (policy.counts(status)) {
            state = fail(state, describe(call), at, Math.max(at, now), valve, changes);
        }
        if (at - state.lastCallAt() >= activityResolutionMs) {
            state = state.withLastCallAt(at);
        }
        boolean publish = previous == null || !state.sameHealthAs(previous)
                || state.publishedAt() == null || at - state.publishedAt() >= refreshMs;
        HealthState next = publish ? state.withPublishedAt(at) : state;
        return new Outcome(next, List.copyOf(changes), publish, !next.equals(previous));
    }

    /** Ends an ejection whose deadline has passed and decays the ejection level, at wall-clock time {@code now}. */
    public Outcome onTick(HealthState previous, long now) {
        List<StatusChange> changes = new ArrayList<>(1);
        HealthState state = decay(expire(previous, now, changes), now);
        boolean publish = !state.sameHealthAs(previous);
        HealthState next = publish ? state.withPublishedAt(now) : state;
        return new Outcome(next, List.copyOf(changes), publish, !next.equals(previous));
    }

    private static HealthState expire(HealthState state, long now, List<StatusChange> changes) {
        if (!state.isEjected() || state.until() > now) {
            return state;
        }
        changes.add(new StatusChange(state.status(), HealthStatus.HEALTHY, now, StatusChange.Cause.EXPIRED, state.since(), null));
        return state.withStatus(HealthStatus.HEALTHY, null, null).withLevel(state.ejectionLevel(), state.until());
    }

    private HealthState decay(HealthState state, long now) {
        if (state.isEjected() || state.ejectionLevel() == 0) {
            return state;
        }
        long decayMs = policy.ejectionDecay().toMillis();
        long periods = (now - state.healthySince()) / decayMs;
        if (periods <= 0) {
            return state;
        }
        int level = (int) Math.max(0, state.ejectionLevel() - periods);
        return state.withLevel(level, state.healthySince() + periods * decayMs);
    }

    private static HealthState succeed(HealthState state, long at, List<StatusChange> changes) {
        if (state.isEjected() && at < state.since()) {
            return state;
        }
        HealthState reset = state.withFailures(0, state.lastError());
        if (!state.isEjected()) {
            return reset;
        }
        changes.add(new StatusChange(state.status(), HealthStatus.HEALTHY, at, StatusChange.Cause.PROBE_SUCCEEDED,
                state.since(), null));
        return reset.withStatus(HealthStatus.HEALTHY, null, null).withLevel(state.ejectionLevel(), at);
    }

    private HealthState fail(HealthState state, String error, long at, long now, Valve valve, List<StatusChange> changes) {
        int failures = state.consecutiveFailures() + 1;
        HealthState failed = state.withFailures(failures, error);
        if (failures < policy.failureThreshold()) {
            return failed.withLevel(failed.ejectionLevel(), at);
        }
        int level = Math.min(state.ejectionLevel() + 1, periodMsByLevel.length - 1);
        long deadline = at + periodMsByLevel[level];
        if (deadline <= now) {
            return failed.withLevel(failed.ejectionLevel(), at);
        }
        HealthState raised = failed.withLevel(level, at);
        HealthStatus from = state.status();
        if (from == HealthStatus.BLACKLISTED) {
            return raised.withStatus(from, state.since(), Math.max(state.until(), deadline));
        }
        SafetyValve.Verdict verdict = valve.check(at);
        if (verdict.allowed()) {
            long until = from == HealthStatus.DEGRADED ? Math.max(state.until(), deadline) : deadline;
            changes.add(new StatusChange(from, HealthStatus.BLACKLISTED, at, StatusChange.Cause.FAILURES, state.since(), verdict));
            return raised.withStatus(HealthStatus.BLACKLISTED, at, until);
        }
        if (from == HealthStatus.DEGRADED) {
            return raised.withStatus(from, state.since(), Math.max(state.until(), deadline));
        }
        changes.add(new StatusChange(from, HealthStatus.DEGRADED, at, StatusChange.Cause.FAILURES, null, verdict));
        return raised.withStatus(HealthStatus.DEGRADED, at, deadline);
    }

    /** "STATUS errorType: message", as much of it as the call carries. */
    static String describe(ModelCall call) {
        StringBuilder error = new StringBuilder(call.getStatus().name());
        if (call.getErrorType() != null && !call.getErrorType().isEmpty()) {
            error.append(' ').append(call.getErrorType());
        }
        if (call.getErrorMessage() != null && !call.getErrorMessage().isEmpty()) {
            error.append(": ").append(call.getErrorMessage());
        }
        return error.toString();
    }
}
