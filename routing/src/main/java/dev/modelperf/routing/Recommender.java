package dev.modelperf.routing;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the model a router should call, from every model's figures and health: the policy behind
 * {@code GET /api/v1/recommendation} and behind the client's {@code ModelRouter}, written once so
 * that both give the same answer for the same figures. Every model with calls in the category or
 * any parent up to {@code *} is a candidate, judged on its pooled estimates; a BLACKLISTED or
 * excluded model is never one, and a DEGRADED one comes after every healthy one, flagged. The rule
 * table answers only when no model has a single call at any level.
 */
public final class Recommender {

    /** Models tried after the best one, at most. */
    public static final int FALLBACKS = 3;

    private final Ranker ranker;
    private final RoutingDefaults defaults;

    public Recommender(Ranker ranker, RoutingDefaults defaults) {
        this.ranker = ranker;
        this.defaults = defaults;
    }

    public Ranker ranker() {
        return ranker;
    }

    public RoutingDefaults defaults() {
        return defaults;
    }

    /**
     * The candidates of a decision split by health: the healthy ones, the DEGRADED ones (offered
     * only after every healthy one) and the ones left out, with why.
     */
    public static Candidates candidates(Collection<ModelEstimate> estimates, Set<String> exclude,
                                        Map<String, ModelHealth> healthByModel) {
        List<Recommendation.Skipped> skipped = new ArrayList<>();
        List<ModelEstimate> healthy = new ArrayList<>();
        List<ModelEstimate> degraded = new ArrayList<>();
        for (ModelEstimate estimate : estimates) {
            ModelHealth entry = healthByModel.get(estimate.model());
            skipReason(estimate.model(), exclude, healthByModel).ifPresentOrElse(
                    reason -> skipped.add(new Recommendation.Skipped(estimate.model(), reason)),
                    () -> (entry != null && entry.getStatus() == HealthStatus.DEGRADED ? degraded : healthy).add(estimate));
        }
        return new Candidates(healthy, degraded, skipped);
    }

    /** Candidates by health; each list keeps the estimates' order. */
    public record Candidates(List<ModelEstimate> healthy, List<ModelEstimate> degraded, List<Recommendation.Skipped> skipped) {
    }

    /**
     * The recommendation for {@code category} from the figures of each of its levels (as of
     * {@code asOfMs}, over the window labelled {@code window}) and the tenant's health.
     */
    public Recommendation answer(String tenant, String category, String window, Ranker.Decision decision, Set<String> exclude,
                                 Map<String, List<ModelFigures>> figuresByLevel, long asOfMs,
                                 Map<String, ModelHealth> healthByModel) {
        Map<String, ModelEstimate> estimates = ranker.estimate(category, figuresByLevel);
        Candidates candidates = candidates(estimates.values(), exclude, healthByModel);
        List<Recommendation.Skipped> skipped = new ArrayList<>(candidates.skipped());
        // Ranked apart, so that confidence is the chance of being first among the models actually offered first.
        List<Recommendation.Choice> healthy = choices(category, candidates.healthy(), decision, healthByModel);
        List<Recommendation.Choice> degraded = choices(category, candidates.degraded(), decision, healthByModel);
        if (estimates.isEmpty()) {
            defaults.forCategory(category).ifPresent(rule -> rule.models().forEach(model -> skipReason(model, exclude, healthByModel)
                    .ifPresentOrElse(reason -> skipped.add(new Recommendation.Skipped(model, reason)), () -> {
                        Recommendation.Choice choice = Recommendation.Choice.ofRule(model, rule.category(),
                                RankedModel.Health.of(healthByModel.get(model)));
                        (choice.degraded() ? degraded : healthy).add(choice);
                    })));
        }
        List<Recommendation.Choice> ordered = new ArrayList<>(healthy);
        ordered.addAll(degraded);
        String asOf = Instant.ofEpochMilli(asOfMs).toString();
        if (ordered.isEmpty()) {
            String why = estimates.isEmpty() && defaults.forCategory(category).isEmpty()
                    ? "no model has a call in " + category + " or any parent over " + window
                      + " and the rule table has no default for it"
                    : "every candidate is blacklisted or excluded";
            return new Recommendation(tenant, category, window, decision.priority().label(), decision.urgency().label(),
                    decision.mode().label(), decision.objective().label(), asOf, null, List.of(), 0,
                    new Basis(Basis.Source.NONE, null), "No model can be recommended: " + why + ".", skipped);
        }
        Recommendation.Choice best = ordered.get(0);
        List<Recommendation.Choice> fallbacks = List.copyOf(ordered.subList(1, Math.min(ordered.size(), 1 + FALLBACKS)));
        return new Recommendation(tenant, category, window, decision.priority().label(), decision.urgency().label(),
                decision.mode().label(), decision.objective().label(), asOf, best, fallbacks,
                best.confidence() == null ? 0 : best.confidence(), new Basis(best.source(), best.category()),
                reason(best, category, window, decision), skipped);
    }

    private List<Recommendation.Choice> choices(String category, List<ModelEstimate> candidates, Ranker.Decision decision,
                                                Map<String, ModelHealth> healthByModel) {
        List<Recommendation.Choice> choices = new ArrayList<>();
        for (RankedModel ranked : ranker.rank(category, candidates, decision, healthByModel)) {
            Basis.Source source = ranked.estimates().dataLevel().equals(category) ? Basis.Source.CATEGORY : Basis.Source.PARENT;
            choices.add(Recommendation.Choice.of(ranked, source));
        }
        return choices;
    }

    static Optional<String> skipReason(String model, Set<String> exclude, Map<String, ModelHealth> healthByModel) {
        if (exclude.contains(model)) {
            return Optional.of("excluded by the request");
        }
        ModelHealth entry = healthByModel.get(model);
        if (entry != null && entry.getStatus() == HealthStatus.BLACKLISTED) {
            return Optional.of("blacklisted" + (entry.getBlacklistedUntil() == null ? "" : " until " + entry.getBlacklistedUntil()));
        }
        return Optional.empty();
    }

    private static String reason(Recommendation.Choice best, String category, String window, Ranker.Decision decision) {
        StringBuilder reason = new StringBuilder(best.model());
        if (best.source() == Basis.Source.RULES) {
            reason.append(" is the rule table's default for ").append(best.category()).append(", because no model has a call in ")
                    .append(category).append(CategoryPath.depth(category) > 0 ? " or any parent" : "").append(" over ")
                    .append(window);
        } else {
            Objective objective = decision.objective();
            if (objective.kind() == Objective.Kind.CHEAPEST) {
                reason.append(" is the cheapest model whose expected quality is ").append(objective.floor() != null
                        ? String.format(Locale.ROOT, "at least %.2f", objective.floor())
                        : String.format(Locale.ROOT, "within %.2f of the best", objective.margin()));
            } else {
                reason.append(" has the best ").append(decision.priority().label()).append(" score");
                if (decision.urgency() != Urgency.NORMAL) {
                    reason.append(" for ").append(decision.urgency().label()).append(" requests");
                }
            }
            reason.append(decision.mode() == DecisionMode.SAMPLE
                    ? String.format(Locale.ROOT, " in this draw (its chance of being first is %.2f)", best.confidence())
                    : String.format(Locale.ROOT, " (%.1f)", best.score()));
            reason.append(" in ").append(category).append(" over ").append(window).append(": ")
                    .append(String.format(Locale.ROOT, "success rate estimated at %.3f from %d calls", best.successRate(),
                            best.samples()));
            if (best.source() == Basis.Source.PARENT) {
                reason.append(" in ").append(best.category()).append(" (").append(category).append(" itself has none of its calls)");
            }
            if (best.quality() != null) {
                reason.append(String.format(Locale.ROOT, ", quality %.3f", best.quality()));
            }
            if (best.latencyP95Ms() != null) {
                reason.append(String.format(Locale.ROOT, ", p95 %.0f ms", best.latencyP95Ms()));
            }
            if (best.costPerSuccessUsd() != null) {
                reason.append(String.format(Locale.ROOT, ", $%.5f per successful call", best.costPerSuccessUsd()));
            }
        }
        if (best.degraded()) {
            reason.append("; it is DEGRADED and offered only because every healthy candidate is blacklisted or excluded");
        }
        return reason.append('.').toString();
    }
}
