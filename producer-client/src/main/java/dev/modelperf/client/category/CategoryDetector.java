package dev.modelperf.client.category;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a prompt a task category from keyword and pattern rules ({@link CategoryRules}), with a
 * confidence. Each distinct keyword found scores 1 (a phrase 1.5), each pattern found 1.5, times
 * the rule's weight; a category's score adds its ancestors' ({@code code} helps every
 * {@code code/...}), and only categories with evidence of their own compete. The best score wins,
 * the deeper category on a tie; confidence is {@code (1 - e^(-best/2)) * best / (best + rival)},
 * where rival is the best score outside the winner's own line. No evidence at all gives the
 * fallback category with confidence 0. Only the first {@value #MAX_PROMPT_CHARS} characters are read.
 * Immutable and thread-safe.
 */
public final class CategoryDetector {

    public static final int MAX_PROMPT_CHARS = 8_000;
    public static final String DEFAULT_FALLBACK = "general";

    private record CompiledRule(CategoryRule rule, Pattern keywords, int keywordCount, double[] keywordScores) {
    }

    private final List<CompiledRule> rules;
    private final String fallback;

    private CategoryDetector(List<CategoryRule> rules, String fallback) {
        if (!CategoryPath.isPath(fallback)) {
            throw new IllegalArgumentException("fallback must be " + CategoryPath.RULE + " (was " + fallback + ")");
        }
        this.rules = rules.stream().map(CategoryDetector::compile).toList();
        this.fallback = fallback;
    }

    /** The built-in rules ({@link CategoryRules#defaults()}), falling back to {@value #DEFAULT_FALLBACK}. */
    public static CategoryDetector defaults() {
        return new CategoryDetector(CategoryRules.defaults(), DEFAULT_FALLBACK);
    }

    /** Only {@code rules}. */
    public static CategoryDetector of(List<CategoryRule> rules) {
        return new CategoryDetector(rules, DEFAULT_FALLBACK);
    }

    /** These rules plus {@code overrides}: a rule for a category already here replaces it, a new one is added. */
    public CategoryDetector withRules(List<CategoryRule> overrides) {
        Map<String, CategoryRule> merged = new LinkedHashMap<>();
        rules.forEach(compiled -> merged.put(compiled.rule().category(), compiled.rule()));
        overrides.forEach(rule -> merged.put(rule.category(), rule));
        return new CategoryDetector(List.copyOf(merged.values()), fallback);
    }

    /** The same rules, answering {@code category} when nothing matches. */
    public CategoryDetector withFallback(String category) {
        return new CategoryDetector(rules.stream().map(CompiledRule::rule).toList(), category);
    }

    public List<CategoryRule> rules() {
        return rules.stream().map(CompiledRule::rule).toList();
    }

    public CategoryMatch detect(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return new CategoryMatch(fallback, 0, 0);
        }
        String text = (prompt.length() > MAX_PROMPT_CHARS ? prompt.substring(0, MAX_PROMPT_CHARS) : prompt)
                .toLowerCase(Locale.ROOT);
        Map<String, Double> own = new LinkedHashMap<>();
        for (CompiledRule rule : rules) {
            double score = score(rule, text);
            if (score > 0) {
                own.put(rule.rule().category(), score);
            }
        }
        if (own.isEmpty()) {
            return new CategoryMatch(fallback, 0, 0);
        }
        List<Map.Entry<String, Double>> candidates = new ArrayList<>();
        own.forEach((category, score) -> candidates.add(Map.entry(category, score + ancestorsScore(category, own))));
        Map.Entry<String, Double> best = candidates.get(0);
        for (Map.Entry<String, Double> candidate : candidates) {
            double difference = candidate.getValue() - best.getValue();
            if (difference > 1e-9 || (Math.abs(difference) <= 1e-9 && CategoryPath.depth(candidate.getKey()) > CategoryPath.depth(best.getKey()))) {
                best = candidate;
            }
        }
        String winner = best.getKey();
        double rival = candidates.stream()
                .filter(c -> !related(c.getKey(), winner))
                .mapToDouble(Map.Entry::getValue)
                .max().orElse(0);
        double top = best.getValue();
        double confidence = (1 - Math.exp(-top / 2)) * top / (top + rival);
        return new CategoryMatch(winner, Math.round(confidence * 100) / 100.0, top);
    }

    private static double score(CompiledRule compiled, String text) {
        double score = 0;
        if (compiled.keywords() != null) {
            BitSet found = new BitSet(compiled.keywordCount());
            Matcher matcher = compiled.keywords().matcher(text);
            while (matcher.find()) {
                for (int group = 1; group <= compiled.keywordCount(); group++) {
                    if (matcher.start(group) >= 0) {
                        found.set(group - 1);
                        break;
                    }
                }
            }
            for (int i = found.nextSetBit(0); i >= 0; i = found.nextSetBit(i + 1)) {
                score += compiled.keywordScores()[i];
            }
        }
        for (Pattern pattern : compiled.rule().patterns()) {
            if (pattern.matcher(text).find()) {
                score += 1.5;
            }
        }
        return score * compiled.rule().weight();
    }

    private static double ancestorsScore(String category, Map<String, Double> own) {
        double sum = 0;
        for (String ancestor : CategoryPath.ancestors(category)) {
            sum += own.getOrDefault(ancestor, 0.0);
        }
        return sum;
    }

    private static boolean related(String a, String b) {
        return CategoryPath.covers(a, b) || CategoryPath.covers(b, a);
    }

    /** One alternation per rule, a capturing group per keyword, bounded by non-alphanumerics. */
    private static CompiledRule compile(CategoryRule rule) {
        if (rule.keywords().isEmpty()) {
            return new CompiledRule(rule, null, 0, new double[0]);
        }
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
        double[] scores = new double[rule.keywords().size()];
        for (int i = 0; i < rule.keywords().size(); i++) {
            String keyword = rule.keywords().get(i);
            boolean prefix = keyword.endsWith("*");
            String stem = prefix ? keyword.substring(0, keyword.length() - 1) : keyword;
            String[] words = stem.strip().split("[\\s-]+");
            List<String> quoted = new ArrayList<>();
            for (String word : words) {
                quoted.add(Pattern.quote(word));
            }
            regex.append(i == 0 ? "" : "|").append('(').append(String.join("[\\s-]+", quoted))
                    .append(prefix ? "[\\p{L}\\p{N}]*" : "").append(')');
            scores[i] = words.length > 1 ? 1.5 : 1;
        }
        regex.append(")(?![\\p{L}\\p{N}])");
        return new CompiledRule(rule, Pattern.compile(regex.toString()), scores.length, scores);
    }
}
