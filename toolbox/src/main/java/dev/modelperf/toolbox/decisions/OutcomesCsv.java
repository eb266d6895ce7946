package dev.modelperf.toolbox.decisions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.modelperf.schemas.category.CategoryPath;

/**
 * Reads the per-prompt outcome CSVs of {@code shared/datasets} (one row per prompt and model,
 * columns named by the header, no quoting). A bad row fails naming the line, the column and the
 * rule, and every prompt must have exactly one row for every model of the file. A score outside
 * 0..1 is clamped into it, with a warning naming the line.
 */
public final class OutcomesCsv {

    static final List<String> COLUMNS = List.of("prompt_id", "category", "model", "score", "input_tokens", "output_tokens",
            "cost_usd");

    private OutcomesCsv() {
    }

    public static PromptOutcomes read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        }
    }

    public static PromptOutcomes parse(Reader reader, String source) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        String header = lines.readLine();
        if (header == null) {
            throw new DatasetException(source + ": empty file, expected a header with columns " + COLUMNS);
        }
        List<String> names = List.of(header.strip().split(",", -1));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            int at = names.indexOf(column);
            if (at < 0) {
                throw new DatasetException(source + " line 1: missing column " + column + " (columns needed: " + COLUMNS + ")");
            }
            index.put(column, at);
        }
        Set<String> models = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        Map<String, String> categories = new LinkedHashMap<>();
        Map<String, Map<String, PromptOutcomes.Outcome>> outcomes = new LinkedHashMap<>();
        int number = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Row row = new Row(source, number, names, line.split(",", -1));
            String id = row.text(index, "prompt_id");
            String category = row.text(index, "category");
            if (!CategoryPath.isPath(category)) {
                throw row.invalid("category", "must be a category path of " + CategoryPath.RULE + " (was '" + category + "')");
            }
            String model = row.text(index, "model");
            double score = row.number(index, "score");
            if (score < 0 || score > 1) {
                // A grader's rounding can leave a score just outside 0..1 (routerarena.csv has one at -0.033).
                warnings.add(source + " line " + number + ", column score: " + score + " is outside 0..1, read as "
                        + Math.min(1, Math.max(0, score)));
                score = Math.min(1, Math.max(0, score));
            }
            long input = row.count(index, "input_tokens");
            long output = row.count(index, "output_tokens");
            double cost = row.number(index, "cost_usd");
            if (cost < 0) {
                throw row.invalid("cost_usd", "must be >= 0 (was " + cost + ")");
            }
            String known = categories.putIfAbsent(id, category);
            if (known != null && !known.equals(category)) {
                throw row.invalid("category", "prompt " + id + " was in category " + known + " on an earlier line (was " + category + ")");
            }
            models.add(model);
            if (outcomes.computeIfAbsent(id, p -> new LinkedHashMap<>())
                    .putIfAbsent(model, new PromptOutcomes.Outcome(score, input, output, cost)) != null) {
                throw row.invalid("model", "prompt " + id + " already has a row for model " + model);
            }
        }
        if (outcomes.isEmpty()) {
            throw new DatasetException(source + ": no rows after the header");
        }
        List<PromptOutcomes.Prompt> prompts = new ArrayList<>(outcomes.size());
        for (Map.Entry<String, Map<String, PromptOutcomes.Outcome>> prompt : outcomes.entrySet()) {
            for (String model : models) {
                if (!prompt.getValue().containsKey(model)) {
                    throw new DatasetException(source + ": prompt " + prompt.getKey() + " has no row for model " + model
                            + " (every prompt needs a row for every model of the file)");
                }
            }
            prompts.add(new PromptOutcomes.Prompt(prompt.getKey(), categories.get(prompt.getKey()), prompt.getValue()));
        }
        return new PromptOutcomes(source, List.copyOf(models), prompts, warnings);
    }

    /** One data line split into fields, able to say where a value is wrong. */
    private record Row(String source, int line, List<String> names, String[] fields) {

        Row {
            if (fields.length != names.size()) {
                throw new DatasetException(source + " line " + line + ": expected " + names.size() + " comma-separated fields "
                        + "as in the header, found " + fields.length);
            }
        }

        String text(Map<String, Integer> index, String column) {
            String value = fields[index.get(column)].strip();
            if (value.isEmpty()) {
                throw invalid(column, "must not be empty");
            }
            return value;
        }

        double number(Map<String, Integer> index, String column) {
            String value = text(index, column);
            try {
                double parsed = Double.parseDouble(value);
                if (Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(column, "must be a finite number (was '" + value + "')");
        }

        long count(Map<String, Integer> index, String column) {
            String value = text(index, column);
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(column, "must be a whole number >= 0 (was '" + value + "')");
        }

        DatasetException invalid(String column, String rule) {
            return new DatasetException(source + " line " + line + ", column " + column + ": " + rule);
        }
    }

    /** A data file that breaks a rule; the message names the file, line, column and rule. */
    public static final class DatasetException extends IllegalArgumentException {
        public DatasetException(String message) {
            super(message);
        }
    }
}
