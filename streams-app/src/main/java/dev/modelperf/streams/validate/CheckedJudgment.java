package dev.modelperf.streams.validate;

import dev.modelperf.events.Judgment;

/** A consumed judgment after validation: the decoded judgment, or its original bytes with the reason they were refused. */
public record CheckedJudgment(Judgment judgment, byte[] raw, String rejection) {

    public static CheckedJudgment accepted(Judgment judgment) {
        return new CheckedJudgment(judgment, null, null);
    }

    public static CheckedJudgment rejected(byte[] raw, String reason) {
        return new CheckedJudgment(null, raw, reason);
    }

    public boolean isAccepted() {
        return rejection == null;
    }
}
