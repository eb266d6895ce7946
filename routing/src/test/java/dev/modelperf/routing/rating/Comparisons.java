package dev.modelperf.routing.rating;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Comparisons built for tests. */
final class Comparisons {

    private Comparisons() {
    }


    static Comparison withWinner(String winner, String... models) {
        return build(winner, false, models);
    }

    static Comparison tie(String... models) {
        return build(null, true, models);
    }

    /** {@code modelsAndScores}: model, score, model, score…; a null score leaves it out. */
    static Comparison scored(String winner, Object... modelsAndScores) {
        List<ComparisonEntry> entries = new ArrayList<>();
        for (int i = 0; i < modelsAndScores.length; i += 2) {
            entries.add(ComparisonEntry.newBuilder().setModel((String) modelsAndScores[i]).setScore((Double) modelsAndScores[i + 1])
                    .build());
        }
        return Comparison.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.EPOCH).setCategory("code")
                .setEntries(entries).setWinner(winner).build();
    }

    private static Comparison build(String winner, boolean tie, String... models) {
        List<ComparisonEntry> entries = new ArrayList<>();
        for (String model : models) {
            entries.add(ComparisonEntry.newBuilder().setModel(model).build());
        }
        return Comparison.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.EPOCH).setCategory("code")
                .setEntries(entries).setWinner(winner).setTie(tie).build();
    }
}
