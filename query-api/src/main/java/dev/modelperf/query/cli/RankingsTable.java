package dev.modelperf.query.cli;

import dev.modelperf.query.rankings.ModelRanking;
import dev.modelperf.query.rankings.Rankings;
import java.util.Locale;

/** Renders rankings as a fixed-width terminal table. */
final class RankingsTable {

    private RankingsTable() {
    }

    static String render(Rankings rankings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Rankings for tenant %s, category %s, last %s%n",
                rankings.tenant(), rankings.category(), rankings.window()));
        out.append(String.format(Locale.ROOT, "  %-28s %7s %8s %8s %8s %11s%n", "MODEL", "CALLS", "SUCCESS", "P50 MS", "P95 MS", "COST/CALL"));
        for (ModelRanking model : rankings.models()) {
            out.append(String.format(Locale.ROOT, "  %-28s %7d %7.1f%% %8.0f %8.0f %11s%n",
                    model.model(), model.count(), 100 * model.successRate(), model.latencyMs().p50(),
                    model.latencyMs().p95(),
                    model.costPerCallUsd() == null ? "-" : String.format(Locale.ROOT, "$%.5f", model.costPerCallUsd())));
        }
        return out.toString();
    }
}
