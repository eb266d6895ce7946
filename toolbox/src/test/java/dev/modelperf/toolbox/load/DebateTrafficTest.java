package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.validation.ComparisonRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DebateTrafficTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<String> PANEL = List.of("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4",
            "google/gemini-2.5-flash", "llama3:70b", "deepseek/deepseek-chat");

    @Test
    void empiricalPairwiseWinRatesFollowBradleyTerryFromTheTrueRatings() {
        TrueRatings truth = TrueRatings.of(5, PANEL, List.of("code"));
        DebateTraffic traffic = new DebateTraffic(5, "acme", truth, 0, 0);
        PairwiseTally tally = new PairwiseTally();
        for (int i = 0; i < 40_000; i++) {
            tally.count(traffic.next(T0).comparison());
        }
        PairwiseTally.CategoryCounts code = tally.category("code");
        double chiSquare = 0;
        int pairs = 0;
        for (String a : PANEL) {
            for (String b : PANEL) {
                if (a.compareTo(b) >= 0) {
                    continue;
                }
                long n = code.results(a, b);
                double p = truth.winProbability("code", a, b);
                double observed = code.wins(a, b) / n;
                double standardError = Math.sqrt(p * (1 - p) / n);
                assertThat(n).as("%s vs %s met often enough", a, b).isGreaterThan(2_000);
                assertThat(observed).as("%s beats %s: Bradley-Terry says %.4f", a, b, p).isCloseTo(p, within(4 * standardError));
                chiSquare += Math.pow((observed - p) / standardError, 2);
                pairs++;
            }
        }
        // 15 pairs: a chi-square with 15 degrees of freedom passes 37.7 once in a thousand runs.
        assertThat(pairs).isEqualTo(15);
        assertThat(chiSquare).isLessThan(37.7);
    }

    @Test
    void aPairsWinProbabilityDoesNotDependOnWhoElseIsOnThePanel() {
        TrueRatings truth = TrueRatings.of(9, PANEL, List.of("math"));
        DebateTraffic traffic = new DebateTraffic(9, "acme", truth, 0, 0);
        String strong = truth.ranked("math").get(0).model();
        String weak = truth.ranked("math").get(PANEL.size() - 1).model();
        String middle = truth.ranked("math").get(2).model();
        Map<Boolean, long[]> byCrowd = new HashMap<>(Map.of(true, new long[2], false, new long[2]));
        for (int i = 0; i < 60_000; i++) {
            List<ComparisonEntry> entries = traffic.next(T0).comparison().getEntries();
            Map<String, Double> score = entries.stream().collect(Collectors.toMap(ComparisonEntry::getModel, ComparisonEntry::getScore));
            if (score.containsKey(middle) && score.containsKey(weak)) {
                long[] counts = byCrowd.get(score.containsKey(strong));
                counts[0]++;
                counts[1] += score.get(middle) > score.get(weak) ? 1 : 0;
            }
        }
        double p = truth.winProbability("math", middle, weak);
        for (long[] counts : byCrowd.values()) {
            assertThat(counts[0]).isGreaterThan(1_000);
            assertThat(counts[1] / (double) counts[0]).as("with and without the strongest model on the panel")
                    .isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / counts[0])));
        }
    }

    @Test
    void tiesCountHalfAndPullTheExpectedShareTowardsOneHalf() {
        TrueRatings truth = TrueRatings.of(3, PANEL, List.of("writing"));
        DebateTraffic traffic = new DebateTraffic(3, "acme", truth, 0.2, 0);
        PairwiseTally tally = new PairwiseTally();
        for (int i = 0; i < 20_000; i++) {
            tally.count(traffic.next(T0).comparison());
        }
        PairwiseTally.CategoryCounts writing = tally.category("writing");
        assertThat(writing.ties() / (double) writing.debates()).isCloseTo(0.2, within(0.015));
        String a = truth.ranked("writing").get(0).model();
        String b = truth.ranked("writing").get(PANEL.size() - 1).model();
        double expected = traffic.expectedWinShare("writing", a, b);
        assertThat(expected).isCloseTo(0.8 * truth.winProbability("writing", a, b) + 0.1, within(1e-12));
        long n = writing.results(a, b);
        assertThat(writing.wins(a, b) / n).isCloseTo(expected, within(4 * Math.sqrt(expected * (1 - expected) / n)));
    }

    @Test
    void everyEventPassesTheRulesAndReferencesTheCallsSentWithIt() {
        TrueRatings truth = TrueRatings.of(1, TrueRatings.seededPanel(1, 8), DebateTraffic.CATEGORIES);
        DebateTraffic traffic = new DebateTraffic(1, "acme", truth, 0.1, 0.5);
        ComparisonRules comparisonRules = new ComparisonRules(Duration.ofMinutes(5));
        JudgmentRules judgmentRules = new JudgmentRules(Duration.ofMinutes(5));
        ModelCallRules callRules = new ModelCallRules(Duration.ofMinutes(5));
        long now = T0.plus(Duration.ofDays(1)).toEpochMilli();
        Set<Integer> panelSizes = new HashSet<>();
        Set<String> categories = new HashSet<>();
        long answers = 0;
        long judged = 0;
        for (int i = 0; i < 5_000; i++) {
            DebateTraffic.Debate debate = traffic.next(T0.plusSeconds(i));
            Comparison comparison = debate.comparison();
            assertThat(comparisonRules.check(comparison, now)).as("comparison %s", comparison).isEmpty();
            List<ComparisonEntry> entries = comparison.getEntries();
            panelSizes.add(entries.size());
            categories.add(comparison.getCategory().split("/")[0]);
            assertThat(debate.calls()).hasSameSizeAs(entries);
            for (int e = 0; e < entries.size(); e++) {
                ModelCall call = debate.calls().get(e);
                assertThat(callRules.check(call, now)).as("call %s", call).isEmpty();
                assertThat(entries.get(e).getCallEventId()).isEqualTo(call.getEventId());
                assertThat(call.getModel()).isEqualTo(entries.get(e).getModel());
                assertThat(call.getCategory()).isEqualTo(comparison.getCategory());
                assertThat(entries.get(e).getLatencyMs()).isEqualTo(call.getLatencyMs());
                assertThat(call.getTenant()).isEqualTo("acme");
            }
            double best = entries.stream().mapToDouble(ComparisonEntry::getScore).max().orElseThrow();
            if (comparison.getTie()) {
                assertThat(comparison.getWinner()).isNull();
                assertThat(entries).allMatch(entry -> entry.getScore() == best);
            } else {
                assertThat(entries.stream().filter(entry -> entry.getModel().equals(comparison.getWinner())).findFirst().orElseThrow()
                        .getScore()).isEqualTo(best);
                assertThat(comparison.getConsensusScore()).isBetween(0.2, 1.0);
            }
            Set<String> callIds = debate.calls().stream().map(ModelCall::getEventId).collect(Collectors.toSet());
            for (Judgment judgment : debate.judgments()) {
                assertThat(judgmentRules.check(judgment, now)).as("judgment %s", judgment).isEmpty();
                assertThat(callIds).contains(judgment.getCallEventId());
                assertThat(judgment.getThinkingTokensUsed()).isLessThanOrEqualTo(judgment.getThinkingBudgetTokens());
                assertThat(judgment.getTimestamp()).isAfter(comparison.getTimestamp());
            }
            answers += entries.size();
            judged += debate.judgments().size();
        }
        assertThat(panelSizes).containsExactlyInAnyOrder(2, 3, 4, 5);
        assertThat(categories).containsExactlyInAnyOrderElementsOf(DebateTraffic.CATEGORIES);
        assertThat(judged / (double) answers).isCloseTo(0.5, within(0.02));
    }

    @Test
    void theSameSeedGivesTheSameDebatesWhateverTheirTimes() {
        TrueRatings truth = TrueRatings.of(7, PANEL, List.of("code", "support"));
        DebateTraffic first = new DebateTraffic(7, "acme", truth);
        DebateTraffic again = new DebateTraffic(7, "acme", truth);
        DebateTraffic later = new DebateTraffic(7, "acme", truth);
        for (int i = 0; i < 500; i++) {
            DebateTraffic.Debate debate = first.next(T0.plusSeconds(i));
            assertThat(again.next(T0.plusSeconds(i))).isEqualTo(debate);
            DebateTraffic.Debate shifted = later.next(T0.plus(Duration.ofDays(2)).plusSeconds(3L * i));
            assertThat(shifted.comparison().getEventId()).isEqualTo(debate.comparison().getEventId());
            assertThat(shifted.judgments()).hasSameSizeAs(debate.judgments());
        }
    }

    @Test
    void trueRatingsAreCentredAndOrderModelsDifferentlyPerCategory() {
        TrueRatings truth = TrueRatings.of(42, PANEL, DebateTraffic.CATEGORIES);
        Set<List<String>> orders = new HashSet<>();
        for (String category : truth.categories()) {
            double mean = PANEL.stream().mapToDouble(model -> truth.rating(category, model)).average().orElseThrow();
            assertThat(mean).isCloseTo(TrueRatings.CENTER, within(1e-9));
            orders.add(truth.ranked(category).stream().map(TrueRatings.Rated::model).toList());
        }
        assertThat(orders).as("a different order in every category").hasSize(DebateTraffic.CATEGORIES.size());
        String code = "code/backend/api";
        String a = truth.ranked("code").get(0).model();
        String b = truth.ranked("code").get(1).model();
        // 400 points are a factor of ten in the odds.
        double odds = truth.winProbability(code, a, b) / truth.winProbability(code, b, a);
        assertThat(Math.log10(odds)).isCloseTo((truth.rating(code, a) - truth.rating(code, b)) / 400, within(1e-9));
        assertThat(TrueRatings.seededPanel(3, 5)).hasSize(5).doesNotHaveDuplicates().isEqualTo(TrueRatings.seededPanel(3, 5));
    }
}
