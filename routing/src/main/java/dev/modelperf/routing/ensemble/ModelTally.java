package dev.modelperf.routing.ensemble;

/**
 * One model's record in a category level's panels: how often it answered, its scores, its share
 * of the wins (a tie of {@code t} answers credits each {@code 1/t}), its costs and latencies. Means
 * are over the answers that carried the figure; null when none did.
 */
public final class ModelTally {

    long answers;
    long decidedAnswers;
    double wins;
    long scored;
    double scoreSum;
    long costed;
    double costSum;
    long timed;
    double latencySumMs;

    ModelTally() {
    }

    ModelTally(long answers, long decidedAnswers, double wins, long scored, double scoreSum, long costed, double costSum,
               long timed, double latencySumMs) {
        this.answers = answers;
        this.decidedAnswers = decidedAnswers;
        this.wins = wins;
        this.scored = scored;
        this.scoreSum = scoreSum;
        this.costed = costed;
        this.costSum = costSum;
        this.timed = timed;
        this.latencySumMs = latencySumMs;
    }

    void add(Panel.Answer answer) {
        answers++;
        if (answer.score() != null) {
            scored++;
            scoreSum += answer.score();
        }
        if (answer.costUsd() != null) {
            costed++;
            costSum += answer.costUsd();
        }
        if (answer.latencyMs() != null) {
            timed++;
            latencySumMs += answer.latencyMs();
        }
    }

    void merge(ModelTally other) {
        answers += other.answers;
        decidedAnswers += other.decidedAnswers;
        wins += other.wins;
        scored += other.scored;
        scoreSum += other.scoreSum;
        costed += other.costed;
        costSum += other.costSum;
        timed += other.timed;
        latencySumMs += other.latencySumMs;
    }

    ModelTally copy() {
        return new ModelTally(answers, decidedAnswers, wins, scored, scoreSum, costed, costSum, timed, latencySumMs);
    }

    public long answers() {
        return answers;
    }

    /** Answers in comparisons that picked a winner (or tied): what the win share is a share of. */
    public long decidedAnswers() {
        return decidedAnswers;
    }

    public double wins() {
        return wins;
    }

    public Double meanScore() {
        return scored == 0 ? null : scoreSum / scored;
    }

    public Double meanCostUsd() {
        return costed == 0 ? null : costSum / costed;
    }

    public Double meanLatencyMs() {
        return timed == 0 ? null : latencySumMs / timed;
    }

    /** Wins per decided answer; null before the model's first decided comparison. */
    public Double winShare() {
        return decidedAnswers == 0 ? null : wins / decidedAnswers;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelTally that && answers == that.answers && decidedAnswers == that.decidedAnswers
                && wins == that.wins && scored == that.scored && scoreSum == that.scoreSum && costed == that.costed
                && costSum == that.costSum && timed == that.timed && latencySumMs == that.latencySumMs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(answers) * 31 + Double.hashCode(wins);
    }
}
