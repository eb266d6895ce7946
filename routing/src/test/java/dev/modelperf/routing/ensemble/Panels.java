package dev.modelperf.routing.ensemble;

import java.util.ArrayList;
import java.util.List;

/** Builds synthetic panels: models with scores and costs, then a declared winner, a tie or neither. */
final class Panels {

    private final List<Panel.Answer> answers = new ArrayList<>();

    static Panels of() {
        return new Panels();
    }

    Panels answer(String model, Double score, Double costUsd) {
        answers.add(new Panel.Answer(model, score, 1000L, costUsd));
        return this;
    }

    Panels answer(String model, double score) {
        return answer(model, score, null);
    }

    Panel won(String winner) {
        return new Panel(0, answers, winner, false);
    }

    Panel byScore() {
        return new Panel(0, answers, null, false);
    }

    Panel tie() {
        return new Panel(0, answers, null, true);
    }

    /** Folds {@code panel} into {@code state} with the ranking its own history gives, as the stream does. */
    static void fold(EnsembleState state, Panel panel) {
        state.record(panel, state.ranking());
    }
}
