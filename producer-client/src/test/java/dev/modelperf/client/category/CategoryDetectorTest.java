package dev.modelperf.client.category;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.schemas.category.CategoryPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryDetectorTest {

    private record Labelled(String category, String prompt) {
    }

    private final CategoryDetector detector = CategoryDetector.defaults();

    private static List<Labelled> labelledPrompts() throws IOException {
        List<Labelled> prompts = new ArrayList<>(read("/labelled-prompts.tsv"));
        prompts.addAll(read("/labelled-prompts-holdout.tsv"));
        return prompts;
    }

    private static List<Labelled> read(String resource) throws IOException {
        List<Labelled> prompts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(CategoryDetectorTest.class.getResourceAsStream(resource)),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    prompts.add(new Labelled(parts[0], parts[1]));
                }
            }
        }
        return prompts;
    }

    /** The rules were tuned on the first set; the held-out set shows what that tuning is worth on new prompts. */
    @ParameterizedTest
    @ValueSource(strings = {"/labelled-prompts.tsv", "/labelled-prompts-holdout.tsv"})
    void labelsMostPromptsAsAPersonWould(String resource) throws IOException {
        List<Labelled> prompts = read(resource);
        List<String> misses = new ArrayList<>();
        int correct = 0;
        for (Labelled labelled : prompts) {
            CategoryMatch match = detector.detect(labelled.prompt());
            if (match.category().equals(labelled.category())) {
                correct++;
            } else {
                misses.add(String.format(Locale.ROOT, "  expected %-28s got %-28s (%.2f) %s", labelled.category(),
                        match.category(), match.confidence(), labelled.prompt()));
            }
        }
        double accuracy = (double) correct / prompts.size();
        System.out.printf(Locale.ROOT, "Category detection on %s: %d of %d right (%.1f %%), %d categories in the rules%n",
                resource, correct, prompts.size(), 100 * accuracy, detector.rules().size());
        misses.forEach(System.out::println);
        assertThat(prompts).hasSizeGreaterThanOrEqualTo(70);
        assertThat(accuracy).as("accuracy; misses:%n%s", String.join("\n", misses)).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void theDefaultRulesCoverFiftyCategoriesAndEveryLabel() throws IOException {
        List<String> categories = detector.rules().stream().map(CategoryRule::category).toList();
        assertThat(categories).hasSizeGreaterThanOrEqualTo(50).doesNotHaveDuplicates()
                .allMatch(category -> CategoryPath.PATTERN.matcher(category).matches())
                .contains("code/backend/api", "code/frontend/react", "writing/marketing", "analysis/data");
        List<Labelled> labelled = labelledPrompts();
        assertThat(labelled).hasSizeGreaterThanOrEqualTo(200);
        assertThat(categories).containsAll(labelled.stream().map(Labelled::category).distinct().toList());
    }

    @Test
    void confidenceGrowsWithEvidenceAndNoEvidenceIsTheFallback() {
        CategoryMatch weak = detector.detect("Add an endpoint please");
        CategoryMatch strong = detector.detect("Write a FastAPI REST API endpoint with pagination that returns a JSON response");
        assertThat(weak.category()).isEqualTo("code/backend/api");
        assertThat(strong.category()).isEqualTo("code/backend/api");
        assertThat(strong.confidence()).isGreaterThan(weak.confidence()).isLessThanOrEqualTo(1.0);
        assertThat(detector.detect("hmm")).isEqualTo(new CategoryMatch("general", 0, 0));
        assertThat(detector.detect("")).isEqualTo(new CategoryMatch("general", 0, 0));
        assertThat(detector.withFallback("misc").detect("hmm").category()).isEqualTo("misc");
    }

    @Test
    void keywordsMatchWholeWordsPhrasesAcrossSpacesAndPrefixes() {
        CategoryDetector custom = CategoryDetector.of(List.of(
                new CategoryRule("ops/incident", List.of("outage", "post mortem", "escalat*"), List.of(), 1)));
        assertThat(custom.detect("We had an OUTAGE").score()).isEqualTo(1.0);
        assertThat(custom.detect("outages happen").score()).as("whole words only").isZero();
        assertThat(custom.detect("write the post-mortem").score()).isEqualTo(1.5);
        assertThat(custom.detect("post   mortem, escalated twice, escalation").score()).as("distinct keywords count once")
                .isEqualTo(2.5);
    }

    @Test
    void callerRulesReplaceOrExtendTheDefaults() {
        CategoryDetector custom = detector.withRules(List.of(
                new CategoryRule("code/backend/api", List.of("fooservice"), List.of(), 1),
                new CategoryRule("ops/incident", List.of("outage", "post mortem"), List.of(Pattern.compile("\\bsev ?[12]\\b")), 2)));
        assertThat(custom.detect("call the fooservice").category()).isEqualTo("code/backend/api");
        assertThat(custom.detect("Write a REST API endpoint").category()).as("replaced rule no longer knows 'endpoint'")
                .isNotEqualTo("code/backend/api");
        assertThat(custom.detect("draft the post mortem for the sev1 outage")).satisfies(match -> {
            assertThat(match.category()).isEqualTo("ops/incident");
            assertThat(match.score()).isEqualTo((1 + 1.5 + 1.5) * 2);
        });
        assertThat(custom.rules()).hasSize(detector.rules().size() + 1);
    }

    @Test
    void aMistakeInARulesFileNamesTheLine() {
        assertThatThrownBy(() -> CategoryRules.parse(new StringReader("[ops]\nkeyword = outage\n"), "mine.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mine.txt:2: unknown key 'keyword' (known: keywords, pattern, weight)");
        assertThatThrownBy(() -> CategoryRules.parse(new StringReader("# rules\n\n[Ops]\nkeywords = outage\n"), "mine.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mine.txt:3: category must be 1-4 '/'-separated segments of [a-z0-9_-] (was Ops)");
        assertThatThrownBy(() -> CategoryRules.parse(new StringReader("[ops]\npattern = (unclosed\n"), "mine.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mine.txt:2: pattern is not a valid regular expression");
        assertThatThrownBy(() -> CategoryRules.parse(new StringReader("keywords = outage\n"), "mine.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mine.txt:1: 'keywords = outage' comes before any [category]");
        assertThatThrownBy(() -> CategoryRules.parse(new StringReader("[ops]\nweight = 2\n"), "mine.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mine.txt:1: [ops] has no keywords and no pattern");
    }
}
