package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.Calls;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The state machine alone: no Kafka, times in epoch milliseconds. */
class BlacklistTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final Blacklist.Valve OPEN = at -> new SafetyValve.Verdict(true, 0, 2, 1);
    private static final Blacklist.Valve SHUT = at -> new SafetyValve.Verdict(false, 1, 2, 1);

    private final HealthPolicy policy = HealthPolicy.defaults();
    private final Blacklist blacklist = new Blacklist(policy);

    private static ModelCall call(CallStatus status, long at) {
        return Calls.call("m", "code", 10, status, Instant.ofEpochMilli(at)).setErrorMessage(status == CallStatus.OK ? null : "boom").build();
    }

    private HealthState apply(HealthState state, CallStatus status, long at, Blacklist.Valve valve) {
        return blacklist.onCall(state, call(status, at), at, valve).state();
    }

    /** Three failures a second apart from {@code from}, through an open valve. */
    private HealthState ejected(HealthState state, long from) {
        HealthState result = state;
        for (int i = 0; i < 3; i++) {
            result = apply(result, CallStatus.SERVER_ERROR, from + i * 1000L, OPEN);
        }
        return result;
    }

    @Test
    void theDefaultPeriodsDoubleFromOneHourUpToTheDailyCap() {
        assertThat(policy.maxEjectionLevel()).isEqualTo(6);
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(level -> policy.blacklistPeriod(level).toHours()))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 24L, 24L);
    }

    @Test
    void aModelSeenForTheFirstTimeIsPublishedHealthy() {
        Blacklist.Outcome outcome = blacklist.onCall(null, call(CallStatus.OK, T0), T0, SHUT);
        assertThat(outcome.publish()).isTrue();
        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.state()).isEqualTo(new HealthState(HealthStatus.HEALTHY, 0, 0, null, null, null, T0, T0, T0));
    }

    @Test
    void theValveIsAskedOnlyWhenAModelIsAboutToBeEjected() {
        AtomicInteger asked = new AtomicInteger();
        Blacklist.Valve counting = at -> {
            asked.incrementAndGet();
            return OPEN.check(at);
        };
        HealthState state = apply(null, CallStatus.TIMEOUT, T0, counting);
        state = apply(state, CallStatus.RATE_LIMITED, T0 + 1, counting);
        assertThat(asked).hasValue(0);
        state = apply(state, CallStatus.SERVER_ERROR, T0 + 2, counting);
        assertThat(asked).hasValue(1);
        apply(state, CallStatus.SERVER_ERROR, T0 + 3, counting);
        assertThat(asked).as("already blacklisted: nothing to ask").hasValue(1);
    }

    @Test
    void aCallAfterTheDeadlineEndsTheEjectionInEventTimeBeforeItCounts() {
        HealthState blacklisted = ejected(null, T0);
        long after = blacklisted.until() + 1;

        Blacklist.Outcome success = blacklist.onCall(blacklisted, call(CallStatus.OK, after), after, OPEN);
        assertThat(success.changes()).containsExactly(new StatusChange(HealthStatus.BLACKLISTED, HealthStatus.HEALTHY, after,
                StatusChange.Cause.EXPIRED, T0 + 2000, null));

        Blacklist.Outcome failure = blacklist.onCall(blacklisted, call(CallStatus.TIMEOUT, after), after, OPEN);
        assertThat(failure.changes()).extracting(StatusChange::to, StatusChange::cause).containsExactly(
                tuple(HealthStatus.HEALTHY, StatusChange.Cause.EXPIRED),
                tuple(HealthStatus.BLACKLISTED, StatusChange.Cause.FAILURES));
        assertThat(failure.state().until()).isEqualTo(after + 2 * HOUR);
        assertThat(failure.state().since()).isEqualTo(after);
    }

    @Test
    void theEjectionLevelStopsWhereThePeriodReachesTheCapSoThatItDecaysInDaysNotWeeks() {
        HealthState state = ejected(null, T0);
        for (int i = 0; i < 20; i++) {
            state = apply(state, CallStatus.SERVER_ERROR, T0 + 10_000 + i, OPEN);
        }
        assertThat(state.ejectionLevel()).isEqualTo(6);
        long recovered = state.until();
        state = blacklist.onTick(state, recovered).state();
        assertThat(state.status()).isEqualTo(HealthStatus.HEALTHY);

        assertThat(blacklist.onTick(state, recovered + 3 * DAY - 1).state().ejectionLevel()).isEqualTo(4);
        Blacklist.Outcome sixDays = blacklist.onTick(state, recovered + 6 * DAY);
        assertThat(sixDays.publish()).isTrue();
        assertThat(sixDays.state().ejectionLevel()).isZero();
    }

    @Test
    void noDecayWhileEjectedAndEveryCountedFailureRestartsTheHealthyPeriod() {
        HealthState degraded = apply(apply(apply(null, CallStatus.SERVER_ERROR, T0, SHUT), CallStatus.SERVER_ERROR, T0 + 1, SHUT),
                CallStatus.SERVER_ERROR, T0 + 2, SHUT);
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(blacklist.onTick(degraded, T0 + HOUR - 1).publish()).isFalse();

        HealthState probed = apply(degraded, CallStatus.OK, T0 + HOUR - 1, SHUT);
        assertThat(probed.ejectionLevel()).isEqualTo(1);
        HealthState failedOnce = apply(probed, CallStatus.TIMEOUT, T0 + 2 * HOUR, SHUT);
        assertThat(blacklist.onTick(failedOnce, T0 + 2 * HOUR + DAY - 1).state().ejectionLevel()).isEqualTo(1);
        assertThat(blacklist.onTick(failedOnce, T0 + 2 * HOUR + DAY).state().ejectionLevel()).isZero();
    }

    @Test
    void steadySuccessesArePublishedOnlyAsAnActivityRefreshEveryHalfActiveWindow() {
        HealthState state = blacklist.onCall(null, call(CallStatus.OK, T0), T0, SHUT).state();
        long half = policy.activeWindow().toMillis() / 2;
        Blacklist.Outcome quiet = blacklist.onCall(state, call(CallStatus.OK, T0 + half - 1), T0 + half - 1, SHUT);
        assertThat(quiet.publish()).isFalse();
        assertThat(quiet.state().lastCallAt()).isEqualTo(T0 + half - 1);
        Blacklist.Outcome refresh = blacklist.onCall(quiet.state(), call(CallStatus.CLIENT_ERROR, T0 + half), T0 + half, SHUT);
        assertThat(refresh.publish()).isTrue();
        assertThat(refresh.state().publishedAt()).isEqualTo(T0 + half);
        assertThat(refresh.changes()).isEmpty();
    }

    @Test
    void anotherSuccessOfAHealthyModelWithinAMinuteLeavesTheStateAsItIs() {
        HealthState state = blacklist.onCall(null, call(CallStatus.OK, T0), T0, SHUT).state();
        Blacklist.Outcome again = blacklist.onCall(state, call(CallStatus.OK, T0 + 59_999), T0 + 59_999, SHUT);
        assertThat(again.store()).isFalse();
        assertThat(again.publish()).isFalse();
        assertThat(again.state()).isEqualTo(state);
        Blacklist.Outcome later = blacklist.onCall(state, call(CallStatus.OK, T0 + 60_000), T0 + 60_000, SHUT);
        assertThat(later.store()).isTrue();
        assertThat(later.state().lastCallAt()).isEqualTo(T0 + 60_000);
    }

    @Test
    void aTickWithNothingDueChangesNothing() {
        HealthState blacklisted = ejected(null, T0);
        Blacklist.Outcome outcome = blacklist.onTick(blacklisted, blacklisted.until() - 1);
        assertThat(outcome.publish()).isFalse();
        assertThat(outcome.store()).isFalse();
        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.state()).isEqualTo(blacklisted);
    }

    @Test
    void theLastErrorCarriesStatusTypeAndMessage() {
        ModelCall call = Calls.call("m", "code", 10, CallStatus.RATE_LIMITED, Instant.ofEpochMilli(T0))
                .setErrorType("429").setErrorMessage("slow down").build();
        assertThat(Blacklist.describe(call)).isEqualTo("RATE_LIMITED 429: slow down");
        assertThat(Blacklist.describe(Calls.call("m", "code", 10, CallStatus.TIMEOUT, Instant.ofEpochMilli(T0)).build()))
                .isEqualTo("TIMEOUT");
    }
}
