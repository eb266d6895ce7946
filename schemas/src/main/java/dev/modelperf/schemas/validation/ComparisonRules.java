package dev.modelperf.schemas.validation;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a {@link Comparison} must satisfy, shared by the producer client, HTTP ingest and the
 * pipeline: 2..{@value #MAX_ENTRIES} answers by distinct models, each bounded like a call; a
 * winner that is one of them, never together with a tie; scores and consensus in 0..1.
 */
public final class ComparisonRules {

    /** The most answers one comparison may hold: pairs grow with its square, and panels seldom pass a dozen. */
    public static final int MAX_ENTRIES = 16;
    public static final int MIN_ENTRIES = 2;

    private final long maxFutureSkewMs;
    private final double maxCallCostUsd;

    /** {@code maxFutureSkew}: how far past "now" a timestamp may lie; {@code maxCallCostUsd}: the most one answer may cost. */
    public ComparisonRules(Duration maxFutureSkew, double maxCallCostUsd) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.maxCallCostUsd = maxCallCostUsd;
    }

    public ComparisonRules(Duration maxFutureSkew) {
        this(maxFutureSkew, ModelCallRules.DEFAULT_MAX_CALL_COST_USD);
    }

    /** Every rule {@code comparison} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(Comparison comparison, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks.text(violations, "eventId", comparison.getEventId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, comparison.getTimestamp(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, comparison.getTenant());
        if (!CategoryPath.isPath(comparison.getCategory())) {
            violations.add(new Violation("category", FieldChecks.CATEGORY_RULE));
        }
        List<ComparisonEntry> entries = comparison.getEntries();
        Set<String> models = new HashSet<>();
        if (entries == null || entries.size() < MIN_ENTRIES || entries.size() > MAX_ENTRIES) {
            violations.add(new Violation("entries", "must hold " + MIN_ENTRIES + " to " + MAX_ENTRIES + " answers (had "
                    + (entries == null ? 0 : entries.size()) + ")"));
        }
        if (entries != null) {
            for (int i = 0; i < entries.size() && i < MAX_ENTRIES; i++) {
                entry(violations, "entries[" + i + "].", entries.get(i), models);
            }
        }
        String winner = comparison.getWinner();
        if (winner != null && comparison.getTie()) {
            violations.add(new Violation("winner", "must be absent when tie is true (was " + winner + ")"));
        } else if (winner != null && !models.contains(winner)) {
            violations.add(new Violation("winner", "must be the model of one of the entries (was " + winner + ")"));
        }
        FieldChecks.unitInterval(violations, "consensusScore", comparison.getConsensusScore());
        FieldChecks.optionalText(violations, "judge", comparison.getJudge(), ModelCallRules.MAX_NAME_LENGTH);
        return violations;
    }

    private void entry(List<Violation> violations, String at, ComparisonEntry entry, Set<String> models) {
        FieldChecks.text(violations, at + "model", entry.getModel(), ModelCallRules.MAX_NAME_LENGTH);
        if (entry.getModel() != null && !models.add(entry.getModel())) {
            violations.add(new Violation(at + "model", "must be unique within a comparison (" + entry.getModel() + " answered twice)"));
        }
        FieldChecks.optionalText(violations, at + "provider", entry.getProvider(), ModelCallRules.MAX_NAME_LENGTH);
        FieldChecks.unitInterval(violations, at + "score", entry.getScore());
        Long latency = entry.getLatencyMs();
        if (latency != null && (latency < 0 || latency > ModelCallRules.MAX_LATENCY_MS)) {
            violations.add(new Violation(at + "latencyMs", "must be between 0 and " + ModelCallRules.MAX_LATENCY_MS + " (was " + latency + ")"));
        }
        FieldChecks.tokens(violations, at + "inputTokens", entry.getInputTokens());
        FieldChecks.tokens(violations, at + "outputTokens", entry.getOutputTokens());
        Double cost = entry.getCostUsd();
        if (cost != null && !(Double.isFinite(cost) && cost >= 0 && cost <= maxCallCostUsd)) {
            violations.add(new Violation(at + "costUsd", "must be a number between 0 and " + maxCallCostUsd
                    + " (validation.max.call.cost.usd) (was " + cost + ")"));
        }
        FieldChecks.optionalText(violations, at + "callEventId", entry.getCallEventId(), ModelCallRules.MAX_ID_LENGTH);
    }
}
