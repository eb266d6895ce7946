package dev.modelperf.toolbox.load;

import java.time.Duration;
import java.util.Map;

/**
 * What a {@link LoadGenerator} run sent and what the broker made of it. {@code firstFailure} is
 * the first send that failed (null when none did).
 */
public record LoadSummary(long calls, long feedback, long callsDelivered, long callsFailed, long feedbackDelivered,
                          long feedbackFailed, Throwable firstFailure, Duration elapsed, Map<String, ModelTally> byModel) {

    public long failed() {
        return callsFailed + feedbackFailed;
    }

    public double callsPerSecond() {
        return elapsed.isZero() ? 0 : calls * 1e9 / elapsed.toNanos();
    }

    /** The calls generated for one model: how many, how many succeeded, how many fell in an outage. */
    public static final class ModelTally {
        private long calls;
        private long ok;
        private long inOutage;

        void count(boolean success, boolean outage) {
            calls++;
            ok += success ? 1 : 0;
            inOutage += outage ? 1 : 0;
        }

        public long calls() {
            return calls;
        }

        public long ok() {
            return ok;
        }

        public long inOutage() {
            return inOutage;
        }
    }
}
