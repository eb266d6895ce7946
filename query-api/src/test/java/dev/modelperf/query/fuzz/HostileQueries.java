package dev.modelperf.query.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Request targets for every GET endpoint with its own parameters (and some it does not know), each
 * valid, out of range, of the wrong form, or hostile text; encoded properly or written as raw,
 * broken percent-escapes (an encoded NUL, an overlong or surrogate UTF-8 sequence).
 */
final class HostileQueries {

    /** Each endpoint and the parameters it reads; {@code {model}} is a path parameter. */
    private static final Map<String, List<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/v1/rankings", List.of("category", "priority", "urgency", "mode", "objective", "window", "tenant", "floor", "margin")),
            Map.entry("/api/v1/recommendation", List.of("category", "priority", "urgency", "mode", "objective", "floor", "margin", "seed",
                    "exclude", "window", "tenant")),
            Map.entry("/api/v1/predict", List.of("category", "model", "complexity", "window", "tenant")),
            Map.entry("/api/v1/categories", List.of("tenant", "days")),
            Map.entry("/api/v1/models", List.of("tenant", "days")),
            Map.entry("/api/v1/models/{model}/metrics", List.of("category", "window", "tenant")),
            Map.entry("/api/v1/summary", List.of("days", "tenant")),
            Map.entry("/api/v1/trends", List.of("days", "model", "category", "interval", "tenant")),
            Map.entry("/api/v1/health", List.of("tenant", "status")),
            Map.entry("/api/v1/health/{model}", List.of("tenant")),
            Map.entry("/api/v1/alerts", List.of("state", "since", "tenant", "rule")),
            Map.entry("/api/v1/ratings", List.of("category", "window", "tenant")),
            Map.entry("/api/v1/ensemble", List.of("category", "window", "target", "tenant")),
            Map.entry("/internal/v1/rankings/figures", List.of("category", "window", "tenant")),
            Map.entry("/internal/v1/stats", List.of("tenant", "from", "to", "interval", "level", "model")),
            Map.entry("/healthz", List.of()),
            Map.entry("/readyz", List.of()),
            Map.entry("/openapi.json", List.of()),
            Map.entry("/metrics", List.of()));

    /** Values each parameter takes, and values just beside them. */
    private static final Map<String, List<String>> NEAR_VALID = Map.ofEntries(
            Map.entry("window", List.of("1h", "24h", "1d", "7d", "30d", "5m", "90d", "91d", "2d", "0h", "1H", "-1h", "7D", "007d")),
            Map.entry("target", List.of("0.9", "0.95", "0", "1", "0.5", "1.0", "-0", "0.0000001", "0.9999999", "NaN", "Infinity", "1e-400",
                    "0x1p-1", "", "90%")),
            Map.entry("days", List.of("1", "7", "30", "0", "-1", "36500", "36501", "2147483647", "2147483648", "1.5", "1e3")),
            Map.entry("since", List.of("30m", "24h", "36500d", "36501d", "0s", "-1h", "9999999999999d", "2025-06-01T12:00:00Z",
                    "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "P1D", "PT-1S")),
            Map.entry("category", List.of("code", "code/backend/api", "*", "writing/technical", "CODE", "code//api", "/code", "code/",
                    "a/b/c/d/e", "code/backend/api/x/y")),
            Map.entry("priority", List.of("cost", "speed", "quality", "balanced", "COST", "")),
            Map.entry("urgency", List.of("critical", "normal", "low", "high", "CRITICAL")),
            Map.entry("mode", List.of("sample", "best", "Sample", "random")),
            Map.entry("objective", List.of("score", "cheapest", "cheap")),
            Map.entry("floor", List.of("0", "0.5", "1", "1.5", "-0", "NaN", "Infinity", "1e-400", "0x1p-1", "")),
            Map.entry("margin", List.of("0", "0.1", "1", "2", "NaN", "-1e-9")),
            Map.entry("seed", List.of("1", "-1", "9223372036854775807", "9223372036854775808", "1.0", "x")),
            Map.entry("exclude", List.of("openai/gpt-4o", "a,b,,c", ",", " , ")),
            Map.entry("interval", List.of("hour", "day", "minute", "HOUR", "MINUTE", "DAY", "week")),
            Map.entry("status", List.of("HEALTHY", "DEGRADED", "BLACKLISTED", "healthy", "DEAD")),
            Map.entry("state", List.of("firing", "resolved", "FIRING", "pending")),
            Map.entry("rule", List.of("success-rate-low", "model-blacklisted", "no-such-rule")),
            Map.entry("tenant", List.of("default", "fuzz", "fuzz-fb", "UPPER", "a b", "-", "x".repeat(65), "x".repeat(64))),
            Map.entry("from", List.of("0", "-1", "9223372036854775807", "-9223372036854775808", "1e3", "")),
            Map.entry("to", List.of("0", "1", "9223372036854775807", "-9223372036854775808", "now")),
            Map.entry("level", List.of("*", "code", "code/backend", "//", "")),
            Map.entry("model", List.of("openai/gpt-4o", "llama3:70b", "no/such", "", "m".repeat(200), "m".repeat(201))),
            Map.entry("complexity", List.of("LOW", "MEDIUM", "HIGH", "UNKNOWN", "low", "EXTREME", "")));

    /** Percent-escapes that decode to nothing valid, or to what a name must not hold. */
    private static final List<String> RAW = List.of("%", "%z", "%zz", "%00", "%ff", "%c0%80", "%ed%a0%80", "%f4%90%80%80",
            "%e2%80%8b", "%e2%80%ae", "%0a", "%0d%0a", "..%2f..%2f", "%2e%2e", "%25", "+", "&&", "=", "==x", "%u0041", "%%");

    private HostileQueries() {
    }

    static Arbitrary<String> requests() {
        return requests(ENDPOINTS.keySet().stream().sorted().toList());
    }

    /** Requests for {@code paths} only, each one of {@link #ENDPOINTS}. */
    static Arbitrary<String> requests(List<String> paths) {
        return Arbitraries.of(paths)
                .flatMap(path -> Combinators.combine(model(), parameters(ENDPOINTS.get(path)).list().ofMaxSize(5))
                        .as((model, parameters) -> path.replace("{model}", model)
                                + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters))));
    }

    private static Arbitrary<String> model() {
        return Arbitraries.oneOf(Arbitraries.of("openai%2Fgpt-4o", "llama3%3A70b", "no%2Fsuch"), value("model"));
    }

    private static Arbitrary<String> parameters(List<String> names) {
        Arbitrary<String> name = names.isEmpty() ? Arbitraries.of("x", "window", "tenant")
                : Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.of("bogus", "Window", ""));
        return name.flatMap(n -> value(n).map(v -> encode(n) + "=" + v));
    }

    /** A value of {@code name}'s kind or hostile text, percent-encoded or raw. */
    private static Arbitrary<String> value(String name) {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(NEAR_VALID.getOrDefault(name, List.of("1"))),
                HostileJson.hostileStrings(), HostileJson.hostileNumbers());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, text.map(HostileQueries::encode)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(text.map(HostileQueries::encode), Arbitraries.of(RAW))
                        .as((value, raw) -> value + raw)));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
