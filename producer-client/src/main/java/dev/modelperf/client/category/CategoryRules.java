package dev.modelperf.client.category;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads category rules. The format, one section per category:
 * <pre>
 * # comment
 * [code/backend/api]
 * keywords = rest api, endpoint*, graphql
 * pattern  = \b(get|post|put|delete)\s+/[a-z0-9_/-]+
 * weight   = 1.2
 * </pre>
 * {@code keywords}: comma-separated, whole words, case-insensitive, a trailing {@code *} for any
 * ending; {@code pattern}: a Java regex over the lower-cased prompt, repeatable; {@code weight}:
 * optional multiplier (default 1). A mistake names the source and line.
 */
public final class CategoryRules {

    private static final String DEFAULTS = "default-rules.txt";

    private CategoryRules() {
    }

    /** The built-in rules: 70-odd categories from {@code code/backend/api} to {@code cooking/recipes}. */
    public static List<CategoryRule> defaults() {
        try (InputStream in = CategoryRules.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEFAULTS + " next to " + CategoryRules.class.getName());
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<CategoryRule> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    /** Parses rules from {@code reader}; {@code source} names it in error messages. */
    public static List<CategoryRule> parse(Reader reader, String source) throws IOException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String where = source + ":" + number + ": ";
            if (text.startsWith("[") && text.endsWith("]")) {
                String category = text.substring(1, text.length() - 1).strip();
                if (sections.containsKey(category)) {
                    throw new IllegalArgumentException(where + "category [" + category + "] appears twice");
                }
                current = new Section(category, where);
                sections.put(category, current);
                continue;
            }
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(where + "expected [category] or key = value (was '" + text + "')");
            }
            if (current == null) {
                throw new IllegalArgumentException(where + "'" + text + "' comes before any [category]");
            }
            String key = text.substring(0, equals).strip();
            String value = text.substring(equals + 1).strip();
            switch (key) {
                case "keywords" -> Arrays.stream(value.split(","))
                        .map(keyword -> keyword.strip().toLowerCase(Locale.ROOT))
                        .filter(keyword -> !keyword.isEmpty())
                        .forEach(current.keywords::add);
                case "pattern" -> {
                    try {
                        current.patterns.add(Pattern.compile(value, Pattern.CASE_INSENSITIVE));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + "pattern is not a valid regular expression: "
                                + e.getDescription(), e);
                    }
                }
                case "weight" -> {
                    try {
                        current.weight = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + "weight must be a number (was '" + value + "')", e);
                    }
                }
                default -> throw new IllegalArgumentException(where + "unknown key '" + key
                        + "' (known: keywords, pattern, weight)");
            }
        }
        List<CategoryRule> rules = new ArrayList<>();
        for (Section section : sections.values()) {
            if (section.keywords.isEmpty() && section.patterns.isEmpty()) {
                throw new IllegalArgumentException(section.where + "[" + section.category + "] has no keywords and no pattern");
            }
            try {
                rules.add(new CategoryRule(section.category, section.keywords, section.patterns, section.weight));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(section.where + e.getMessage(), e);
            }
        }
        return rules;
    }

    private static final class Section {
        private final String category;
        private final String where;
        private final List<String> keywords = new ArrayList<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private double weight = 1;

        private Section(String category, String where) {
            this.category = category;
            this.where = where;
        }
    }
}
