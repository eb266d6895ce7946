package dev.modelperf.streams.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelperf.events.Severity;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.validation.RoutingDecisionRules;
import dev.modelperf.streams.config.Durations;
import dev.modelperf.streams.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The alert rules, read from a YAML file ({@code alerts.rules.file}) or, when none is given, from
 * the built-in {@code default-alert-rules.yaml}. Everything is checked at start: an error names
 * the file, the rule and the key, and says what would be valid.
 */
public record AlertRules(List<AlertRule> rules, String source) {

    /** The built-in rules, a resource of this module. */
    public static final String DEFAULTS_RESOURCE = "/default-alert-rules.yaml";

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int MAX_SPAN_MINUTES = 60;
    static final int MAX_HOLD_MINUTES = 24 * 60;
    private static final Set<String> RULE_KEYS = Set.of("name", "signal", "above", "below", "anomaly", "severity", "categories",
            "tenant", "model", "layer", "span", "min-samples", "for", "resolve-after");
    private static final Set<String> ANOMALY_KEYS = Set.of("z", "baseline", "min-baseline", "min-deviation", "min-relative-deviation");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public AlertRules {
        rules = List.copyOf(rules);
    }

    /** The rules of {@code file}, or the built-in ones when {@code file} is null. */
    public static AlertRules load(Path file) {
        if (file == null) {
            try (InputStream defaults = AlertRules.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (defaults == null) {
                    throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
                }
                return parse(new String(defaults.readAllBytes(), StandardCharsets.UTF_8), "the built-in rules");
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + DEFAULTS_RESOURCE, e);
            }
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new SettingsException("Cannot read alert rules file " + file + " (alerts.rules.file): " + e.getMessage());
        }
    }

    /** Parses rules text; {@code source} names it in errors. */
    public static AlertRules parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SettingsException("Alert rules in " + source + " are not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject() || !root.has("rules") || !root.get("rules").isArray()) {
            throw new SettingsException("Alert rules in " + source + " must be a YAML mapping with a list under 'rules:'");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("rules")) {
                throw new SettingsException("Alert rules in " + source + ": unknown top-level key '" + key + "'; only 'rules' is known");
            }
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            RuleReader reader = new RuleReader(node, source, index);
            AlertRule rule = reader.read();
            if (!names.add(rule.name())) {
                throw reader.invalid("name", "must be unique; another rule is called '" + rule.name() + "' too");
            }
            rules.add(rule);
        }
        return new AlertRules(rules, source);
    }

    /** Reads one rule, knowing its name (or position) for error messages. */
    private static final class RuleReader {
        private final JsonNode node;
        private final String source;
        private String subject;

        RuleReader(JsonNode node, String source, int index) {
            this.node = node;
            this.source = source;
            this.subject = "#" + index;
        }

        AlertRule read() {
            if (!node.isObject()) {
                throw new SettingsException("Alert rule " + subject + " in " + source + " must be a mapping of keys such as name, signal, below");
            }
            JsonNode name = node.get("name");
            if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
                throw invalid("name", "is required and must match " + NAME.pattern() + " (lowercase letters, digits, '-')");
            }
            subject = "'" + name.asText() + "'";
            unknownKeys(node, RULE_KEYS, "");
            String signalId = text("signal", null);
            String known = CallSignal.ids() + ", " + RoutingSignal.ids();
            if (signalId == null) {
                throw invalid("signal", "is required: one of " + known);
            }
            Signal<?> signal = CallSignal.of(signalId).<Signal<?>>map(s -> s)
                    .or(() -> RoutingSignal.of(signalId))
                    .orElseThrow(() -> invalid("signal", "must be one of " + known));
            int spanMinutes = minutes("span", "5m", 1, MAX_SPAN_MINUTES);
            AlertRule.Condition condition = condition(signal);
            int layer = (int) number("layer", 0, 1, RoutingDecisionRules.MAX_LAYERS, true);
            if (signal instanceof RoutingSignal routing) {
                for (String callOnly : List.of("categories", "model")) {
                    if (node.has(callOnly)) {
                        throw invalid(callOnly, "applies to call signals only; " + signalId + " is judged per tenant"
                                + (routing.perLayer() ? " and layer" : ""));
                    }
                }
                if (!(condition instanceof AlertRule.Threshold)) {
                    throw invalid("anomaly", "applies to call signals only; routing signals take 'above' or 'below'");
                }
            }
            if (layer != 0 && !(signal instanceof RoutingSignal routing && routing.perLayer())) {
                throw invalid("layer", "applies to per-layer routing signals only (layer-capture)");
            }
            return new AlertRule(name.asText(), signal, condition, severity(), categories(),
                    pattern("tenant", TENANT), model(), spanMinutes, (long) number("min-samples", 20, 1, 1e9, true),
                    minutes("for", "2m", 1, MAX_HOLD_MINUTES), minutes("resolve-after", "5m", 1, MAX_HOLD_MINUTES), layer);
        }

        private AlertRule.Condition condition(Signal<?> signal) {
            List<String> given = new ArrayList<>();
            for (String key : List.of("above", "below", "anomaly")) {
                if (node.has(key)) {
                    given.add(key);
                }
            }
            if (given.size() != 1) {
                throw new SettingsException(prefix() + "needs exactly one of 'above', 'below' (a threshold) or 'anomaly' (versus the"
                        + " scope's own baseline)" + (given.isEmpty() ? "" : "; it has " + String.join(" and ", given)));
            }
            return switch (given.get(0)) {
                case "above" -> new AlertRule.Threshold(true, number("above", 0, signal.min(), signal.max(), false));
                case "below" -> new AlertRule.Threshold(false, number("below", 0, signal.min(), signal.max(), false));
                default -> anomaly(node.get("anomaly"));
            };
        }

        private AlertRule.Anomaly anomaly(JsonNode anomaly) {
            if (anomaly.isNull() || (anomaly.isObject() && anomaly.isEmpty())) {
                anomaly = YAML.createObjectNode();
            } else if (!anomaly.isObject()) {
                throw invalid("anomaly", "must be a mapping of " + String.join(", ", ANOMALY_KEYS.stream().sorted().toList())
                        + " (each optional)");
            }
            unknownKeys(anomaly, ANOMALY_KEYS, "anomaly.");
            RuleReader inner = new RuleReader(anomaly, source, 0);
            inner.subject = subject;
            int baseline = inner.minutes("baseline", "3h", 30, MAX_HOLD_MINUTES, "anomaly.");
            int minBaseline = inner.minutes("min-baseline", "30m", 1, baseline, "anomaly.");
            return new AlertRule.Anomaly(inner.number("z", 4, 0.5, 100, false, "anomaly."), baseline, minBaseline,
                    inner.number("min-deviation", 0, 0, Double.MAX_VALUE, false, "anomaly."),
                    inner.number("min-relative-deviation", 0.1, 0, 100, false, "anomaly."));
        }

        private Severity severity() {
            String text = text("severity", "warning");
            return Arrays.stream(Severity.values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst()
                    .orElseThrow(() -> invalid("severity", "must be one of info, warning, critical"));
        }

        private List<String> categories() {
            JsonNode categories = node.get("categories");
            if (categories == null) {
                return List.of(CategoryPath.ROOT);
            }
            if (!categories.isArray() || categories.isEmpty()) {
                throw invalid("categories", "must be a non-empty list of category paths (code/backend), or \"*\" for all");
            }
            List<String> levels = new ArrayList<>();
            for (JsonNode category : categories) {
                String level = category.asText();
                if (!category.isTextual() || !CategoryPath.isLevel(level)) {
                    throw invalid("categories", "entries must be " + CategoryPath.RULE + ", or \"*\" for all", category);
                }
                levels.add(level);
            }
            return levels;
        }

        private String model() {
            String model = text("model", null);
            if (model != null && model.isBlank()) {
                throw invalid("model", "must be a model name, or left out for every model");
            }
            return model;
        }

        private String pattern(String key, Pattern pattern) {
            String text = text(key, null);
            if (text != null && !pattern.matcher(text).matches()) {
                throw invalid(key, "must match " + pattern.pattern());
            }
            return text;
        }

        private String text(String key, String fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                throw invalid(key, "must be a single value");
            }
            return value.asText();
        }

        private double number(String key, double fallback, double min, double max, boolean whole) {
            return number(key, fallback, min, max, whole, "");
        }

        private double number(String key, double fallback, double min, double max, boolean whole, String path) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            double parsed = value.isNumber() ? value.asDouble() : Double.NaN;
            if (!(parsed >= min && parsed <= max) || (whole && parsed != Math.rint(parsed))) {
                String range = max == Double.MAX_VALUE ? "at least " + plain(min) : "between " + plain(min) + " and " + plain(max);
                throw invalid(path + key, "must be " + (whole ? "a whole number " : "a number ") + range, value);
            }
            return parsed;
        }

        private int minutes(String key, String fallback, int min, int max) {
            return minutes(key, fallback, min, max, "");
        }

        private int minutes(String key, String fallback, int min, int max, String path) {
            JsonNode value = node.get(key);
            String text = value == null || value.isNull() ? fallback : value.asText();
            Duration parsed = Durations.parse(text);
            if (parsed == null || parsed.toSeconds() % 60 != 0 || parsed.toMinutes() < min || parsed.toMinutes() > max) {
                throw invalid(path + key, "must be whole minutes from " + min + "m to " + max + "m, such as 5m or 1h", value);
            }
            return (int) parsed.toMinutes();
        }

        private void unknownKeys(JsonNode mapping, Set<String> known, String path) {
            for (Iterator<String> keys = mapping.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!known.contains(key)) {
                    throw new SettingsException(prefix() + "unknown key '" + path + key + "'; known keys: "
                            + String.join(", ", known.stream().sorted().map(k -> path + k).toList()));
                }
            }
        }

        private String prefix() {
            return "Alert rule " + subject + " in " + source + ": ";
        }

        SettingsException invalid(String key, String rule) {
            return invalid(key, rule, node.get(key));
        }

        private SettingsException invalid(String key, String rule, JsonNode value) {
            String was = value == null || value.isNull() ? "" : " (was " + (value.isTextual() ? "'" + value.asText() + "'" : value.toString()) + ")";
            return new SettingsException(prefix() + "'" + key + "' " + rule + was);
        }

        private static String plain(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
        }
    }
}
