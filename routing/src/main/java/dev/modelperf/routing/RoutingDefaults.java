package dev.modelperf.routing;

import dev.modelperf.schemas.category.CategoryPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule table routers fall back to when the data cannot answer: default models per category,
 * in order of preference. A CSV of {@code category,model} lines (the category cannot hold a
 * comma, so a model name may); the most specific category that has rules applies, then {@code *}.
 */
public final class RoutingDefaults {

    private final Map<String, List<String>> modelsByCategory;

    private RoutingDefaults(Map<String, List<String>> modelsByCategory) {
        this.modelsByCategory = modelsByCategory;
    }

    /** The table in {@code file}, or the shipped one when null; a bad line fails naming the line and rule. */
    public static RoutingDefaults load(Path file) {
        if (file == null) {
            try (InputStream in = RoutingDefaults.class.getResourceAsStream("/default-routing.csv")) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-routing.csv");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read routing defaults " + file, e);
        }
    }

    /** The table in {@code text}; {@code source} names it in errors. */
    public static RoutingDefaults parse(String text, String source) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        int number = 0;
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int comma = trimmed.indexOf(',');
                String category = comma < 0 ? trimmed : trimmed.substring(0, comma).strip();
                String model = comma < 0 ? "" : trimmed.substring(comma + 1).strip();
                if (!CategoryPath.isLevel(category)) {
                    throw new IllegalArgumentException(source + " line " + number + ": category '" + category
                            + "' must be a category path such as code/backend or *");
                }
                if (model.isEmpty()) {
                    throw new IllegalArgumentException(source + " line " + number + ": expected category,model");
                }
                List<String> models = table.computeIfAbsent(category, c -> new ArrayList<>());
                if (!models.contains(model)) {
                    models.add(model);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        table.replaceAll((category, models) -> List.copyOf(models));
        return new RoutingDefaults(table);
    }

    /** The rules of the most specific level of {@code category} that has some, and that level. */
    public Optional<Rule> forCategory(String category) {
        for (String level : CategoryPath.levels(category)) {
            List<String> models = modelsByCategory.get(level);
            if (models != null) {
                return Optional.of(new Rule(level, models));
            }
        }
        return Optional.empty();
    }

    public record Rule(String category, List<String> models) {
    }
}
