package dev.modelperf.query.config;

import dev.modelperf.events.CallStatus;
import dev.modelperf.query.auth.KeyFile;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.aggregate.AggregateSettings;
import dev.modelperf.streams.alert.AlertRules;
import dev.modelperf.streams.alert.AlertSettings;
import dev.modelperf.streams.config.Durations;
import dev.modelperf.streams.config.SettingsException;
import dev.modelperf.streams.feedback.FeedbackSettings;
import dev.modelperf.streams.cascade.CascadeSettings;
import dev.modelperf.streams.comparison.RatingSettings;
import dev.modelperf.streams.ensemble.EnsembleSettings;
import dev.modelperf.streams.health.HealthPolicy;
import dev.modelperf.streams.limit.LimitSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every setting of a ModelPerf process, typed and validated: the streams part ({@link StreamsSettings}),
 * the schema registry, the HTTP address and the query policy. Built from {@link SettingsLayers};
 * a bad or unknown key fails at start with a message naming the key, the rule and the layer it
 * came from. Keys under {@code kafka.} are handed to the Kafka clients without the prefix.
 */
public record ModelPerfSettings(
        StreamsSettings streams,
        String registryUrl,
        String httpHost,
        int httpPort,
        QueryPolicy query,
        AuthSettings auth,
        Duration startupTimeout) {

    public static final String KAFKA_PREFIX = "kafka.";

    /** The defaults, lowest layer of every configuration; documented in README, and {@link StreamsSettings#defaults()} has the same. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kafka.bootstrap.servers", "localhost:9092");
        defaults.put("kafka.application.id", "modelperf");
        defaults.put("registry.url", "http://localhost:8081");
        defaults.put("topic.prefix", Topics.DEFAULT_PREFIX);
        defaults.put("topic.partitions", "6");
        defaults.put("topic.replication.factor", "1");
        defaults.put("topic.create", "true");
        defaults.put("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "modelperf-state").toString());
        defaults.put("http.host", "0.0.0.0");
        defaults.put("http.port", "8080");
        defaults.put("validation.max.future.skew", "5m");
        defaults.put("validation.max.call.cost.usd", "100");
        defaults.put("window.minute.retention", "1d");
        defaults.put("window.hour.retention", "30d");
        defaults.put("window.day.retention", "400d");
        defaults.put("window.fold.delay", "2m");
        defaults.put("window.fold.interval", "10s");
        defaults.put("pricing.file", "");
        defaults.put("feedback.call.index.retention", "7d");
        defaults.put("feedback.hold", "10m");
        defaults.put("cascade.join.horizon", "7d");
        defaults.put("cascade.outcome.hold", "10m");
        defaults.put("ratings.max.models", "64");
        defaults.put("ratings.refresh.interval", "1s");
        defaults.put(EnsembleSettings.RETENTION_KEY, "92d");
        defaults.put(EnsembleSettings.LOW_VARIANCE_KEY, String.valueOf(EnsembleState.DEFAULT_LOW_VARIANCE));
        defaults.put(EnsembleSettings.TARGET_KEY, String.valueOf(EnsembleAdvisor.DEFAULT_TARGET));
        defaults.put("dedup.window", "1h");
        defaults.put("registry.outage.wait", "5s");
        defaults.put("limits.models.per.tenant", "500");
        defaults.put("limits.categories.per.tenant", "1000");
        defaults.put("rocksdb.block.cache.bytes", String.valueOf(64L << 20));
        defaults.put("rocksdb.write.buffer.bytes", String.valueOf(32L << 20));
        defaults.put("health.failure.threshold", "3");
        defaults.put("health.failure.statuses", "SERVER_ERROR,TIMEOUT,RATE_LIMITED");
        defaults.put("health.blacklist.base", "1h");
        defaults.put("health.blacklist.max", "24h");
        defaults.put("health.ejection.decay", "24h");
        defaults.put("health.max.ejected.share", "0.5");
        defaults.put("health.active.window", "1h");
        defaults.put("health.punctuate.interval", "1s");
        defaults.put("health.idle.expiry", "7d");
        defaults.put("rankings.min.samples", "5");
        defaults.put("rankings.refresh.interval", "1s");
        defaults.put("routing.defaults.file", "");
        defaults.put("routing.mode", "best");
        defaults.put("routing.half-life", "2h");
        defaults.put("routing.prior.strength", "10");
        defaults.put("routing.publish.interval", "1s");
        defaults.put("query.retry.deadline", "5s");
        defaults.put("query.forward.timeout", "2s");
        defaults.put("alerts.rules.file", "");
        defaults.put("alerts.resolved.retention", "7d");
        defaults.put("auth.keys.file", "");
        defaults.put("auth.internal.key", "");
        defaults.put("startup.timeout", "30s");
        return defaults;
    }

    private static final Set<String> OWN_KEYS = Set.copyOf(defaults().keySet().stream()
            .filter(key -> !key.startsWith(KAFKA_PREFIX)).toList());

    /** Parses and validates merged layers. */
    public static ModelPerfSettings from(Map<String, SettingValue> values) {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) {
            if (!key.startsWith(KAFKA_PREFIX) && !OWN_KEYS.contains(key)) {
                unknown.add(key + " (" + values.get(key).origin() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("Unknown setting(s): " + String.join(", ", unknown)
                    + ". Known: " + new TreeSet<>(OWN_KEYS) + " and kafka.* for the Kafka clients");
        }
        Parser p = new Parser(values);
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value.value());
            }
        });
        String applicationId = p.text("kafka.application.id");
        String bootstrapServers = p.text("kafka.bootstrap.servers");
        String registryUrl = p.url("registry.url");
        Topics topics = new Topics(p.text("topic.prefix"));
        int topicPartitions = p.integer("topic.partitions", 1, 10_000);
        short topicReplicationFactor = (short) p.integer("topic.replication.factor", 1, Short.MAX_VALUE);
        boolean createTopics = p.bool("topic.create");
        Path stateDir = Path.of(p.text("state.dir"));
        String httpHost = p.text("http.host");
        int httpPort = p.integer("http.port", 0, 65_535);
        Duration maxFutureSkew = p.duration("validation.max.future.skew", Duration.ZERO);
        double maxCallCostUsd = p.positive("validation.max.call.cost.usd");
        AggregateSettings aggregate = new AggregateSettings(
                p.duration("window.minute.retention", Duration.ofHours(2)),
                p.duration("window.hour.retention", Duration.ofDays(2)),
                p.duration("window.day.retention", Duration.ofDays(2)),
                p.duration("window.fold.delay", Duration.ofMinutes(1)),
                p.duration("window.fold.interval", Duration.ofSeconds(1)),
                p.optionalFile("pricing.file"));
        if (aggregate.foldDelay().plusMinutes(1).compareTo(aggregate.minuteRetention()) >= 0) {
            // A minute is folded into hours and days foldDelay after it ends: by then it must still be kept.
            throw p.invalid("window.fold.delay", "must be more than a minute shorter than window.minute.retention ("
                    + aggregate.minuteRetention() + "), or minutes are dropped before they are folded into hours and days");
        }
        FeedbackSettings feedback = new FeedbackSettings(
                p.duration("feedback.call.index.retention", Duration.ofMinutes(2)),
                p.duration("feedback.hold", Duration.ofSeconds(1)));
        CascadeSettings cascade = new CascadeSettings(
                p.duration("cascade.join.horizon", Duration.ofMinutes(2)),
                p.duration("cascade.outcome.hold", Duration.ofSeconds(1)));
        long rocksDbBlockCacheBytes = p.bytes("rocksdb.block.cache.bytes");
        long rocksDbWriteBufferBytes = p.bytes("rocksdb.write.buffer.bytes");
        HealthPolicy health = health(p);
        AlertSettings alerts = new AlertSettings(
                AlertRules.load(p.optionalFile("alerts.rules.file")),
                p.duration("alerts.resolved.retention", Duration.ofMinutes(1)));
        return new ModelPerfSettings(
                new StreamsSettings(applicationId, bootstrapServers, topics, topicPartitions, topicReplicationFactor, createTopics,
                        stateDir, rocksDbBlockCacheBytes, rocksDbWriteBufferBytes, maxFutureSkew, maxCallCostUsd,
                        p.duration("dedup.window", Duration.ofMinutes(1)),
                        p.duration("registry.outage.wait", Duration.ZERO),
                        new LimitSettings(p.integer(LimitSettings.MODELS_KEY, 1, 1_000_000),
                                p.integer(LimitSettings.CATEGORIES_KEY, 1, 1_000_000)),
                        aggregate, feedback, health,
                        alerts, cascade,
                        new RatingSettings(p.integer("ratings.max.models", RatingSettings.MIN_MODELS, 256),
                                p.duration("ratings.refresh.interval", Duration.ofMillis(10))),
                        new EnsembleSettings(p.duration(EnsembleSettings.RETENTION_KEY, Duration.ofDays(1)),
                                p.above(EnsembleSettings.LOW_VARIANCE_KEY, 0, EnsembleState.MAX_LOW_VARIANCE, true),
                                p.above(EnsembleSettings.TARGET_KEY, 0, 1, false)),
                        kafka),
                registryUrl,
                httpHost,
                httpPort,
                new QueryPolicy(
                        p.integer("rankings.min.samples", 1, 1_000_000),
                        p.duration("rankings.refresh.interval", Duration.ofMillis(100)),
                        p.optionalFile("routing.defaults.file"),
                        DecisionMode.of(p.oneOf("routing.mode", "best", "sample")),
                        p.duration("routing.half-life", Duration.ofSeconds(10)),
                        p.positive("routing.prior.strength"),
                        applicationServer(p, kafka.get("application.server")),
                        p.duration("query.retry.deadline", Duration.ZERO),
                        p.duration("query.forward.timeout", Duration.ofMillis(100)),
                        p.duration("routing.publish.interval", Duration.ofMillis(100))),
                auth(p, kafka.get("application.server")),
                p.duration("startup.timeout", Duration.ofSeconds(1)));
    }

    /**
     * Instances of a cluster must share one instance key; a single instance draws its own, since
     * nobody else calls its {@code /internal/} paths.
     */
    private static AuthSettings auth(Parser p, String applicationServer) {
        Path keysFile = p.optionalFile("auth.keys.file");
        SettingValue internal = p.values().get("auth.internal.key");
        String internalKey = internal == null ? "" : internal.value();
        if (keysFile == null) {
            return new AuthSettings(null, internalKey);
        }
        try {
            KeyFile.parse(java.nio.file.Files.readAllLines(keysFile), keysFile.toString());
        } catch (java.io.IOException | KeyFile.InvalidKeyFileException e) {
            throw new SettingsException("Invalid auth.keys.file (" + p.values().get("auth.keys.file").origin() + "): "
                    + e.getMessage());
        }
        if (internalKey.isEmpty()) {
            if (applicationServer != null && !applicationServer.isEmpty()) {
                throw new SettingsException("auth.internal.key must be set, the same on every instance, when auth.keys.file and "
                        + "kafka.application.server are set: instances send it to each other");
            }
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            return new AuthSettings(keysFile, java.util.HexFormat.of().formatHex(random));
        }
        if (internalKey.length() < 16) {
            // The value is a secret: the message names where it came from, never the value.
            throw new SettingsException("auth.internal.key (" + internal.origin() + ") must be at least 16 characters");
        }
        return new AuthSettings(keysFile, internalKey);
    }

    /** Kafka Streams takes {@code application.server} as the HTTP address other instances reach this one at. */
    private static Optional<String> applicationServer(Parser p, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.matches("[^\\s:/]+:\\d{1,5}")) {
            throw p.invalid("kafka.application.server", "must be host:port, the address other instances reach this one's HTTP API at");
        }
        return Optional.of(value);
    }

    private static HealthPolicy health(Parser p) {
        Duration base = p.duration("health.blacklist.base", Duration.ofSeconds(1));
        Duration max = p.duration("health.blacklist.max", Duration.ofSeconds(1));
        if (max.compareTo(base) < 0) {
            throw p.invalid("health.blacklist.max", "must not be shorter than health.blacklist.base (" + base + ")");
        }
        int threshold = p.integer("health.failure.threshold", 1, 1_000);
        Duration decay = p.duration("health.ejection.decay", Duration.ofSeconds(1));
        double share = p.fraction("health.max.ejected.share");
        Duration activeWindow = p.duration("health.active.window", Duration.ofSeconds(1));
        Set<CallStatus> statuses = p.failureStatuses("health.failure.statuses");
        Duration punctuate = p.duration("health.punctuate.interval", Duration.ofMillis(10));
        Duration idle = p.duration("health.idle.expiry", Duration.ofMinutes(1));
        HealthPolicy withoutExpiry = new HealthPolicy(threshold, base, max, decay, share, activeWindow, statuses, punctuate,
                Duration.ofMillis(Long.MAX_VALUE));
        Duration minimum = withoutExpiry.minimumIdleExpiry();
        if (idle.compareTo(minimum) < 0) {
            throw p.invalid("health.idle.expiry", "must be at least " + Durations.format(minimum)
                    + ": health.blacklist.max plus health.ejection.decay for each of the " + withoutExpiry.maxEjectionLevel()
                    + " ejection levels, or a quiet model would be forgotten while its past ejections still lengthen its next blacklist");
        }
        return new HealthPolicy(threshold, base, max, decay, share, activeWindow, statuses, punctuate, idle);
    }

    /** Defaults overlaid with {@code overrides} (as from a command line): for tests and embedded use. */
    public static ModelPerfSettings withOverrides(Map<String, String> overrides) {
        return from(new SettingsLayers().defaults(defaults()).commandLine(overrides).values());
    }

    private record Parser(Map<String, SettingValue> values) {

        String text(String key) {
            SettingValue value = values.get(key);
            if (value == null || value.value().isEmpty()) {
                throw new SettingsException(key + " must not be empty" + (value == null ? "" : " (" + value.origin() + ")"));
            }
            return value.value();
        }

        int integer(String key, int min, int max) {
            String text = text(key);
            try {
                int parsed = Integer.parseInt(text);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(key, "must be an integer between " + min + " and " + max);
        }

        boolean bool(String key) {
            String text = text(key);
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            throw invalid(key, "must be true or false");
        }

        String url(String key) {
            String text = text(key);
            if (!text.matches("https?://[^\\s/]+(/\\S*)?")) {
                throw invalid(key, "must be an http:// or https:// URL");
            }
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }

        Duration duration(String key, Duration min) {
            Duration parsed = Durations.parse(text(key));
            if (parsed == null || parsed.compareTo(min) < 0) {
                throw invalid(key, "must be a duration such as 500ms, 30s, 5m, 1h, 7d or ISO-8601 PT5M, at least " + min);
            }
            return parsed;
        }

        Path optionalFile(String key) {
            SettingValue value = values.get(key);
            if (value == null || value.value().isEmpty()) {
                return null;
            }
            Path path = Path.of(value.value());
            if (!java.nio.file.Files.isReadable(path)) {
                throw invalid(key, "must be a readable file");
            }
            return path;
        }

        long bytes(String key) {
            try {
                long parsed = Long.parseLong(text(key));
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(key, "must be a positive number of bytes");
        }

        String oneOf(String key, String... allowed) {
            String text = text(key);
            if (!Arrays.asList(allowed).contains(text)) {
                throw invalid(key, "must be one of " + String.join(", ", allowed));
            }
            return text;
        }

        double positive(String key) {
            try {
                double parsed = Double.parseDouble(text(key));
                if (parsed > 0 && Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(key, "must be a number greater than 0");
        }

        /** A number above {@code low} and up to {@code high}, or below it when {@code highIncluded} is false. */
        double above(String key, double low, double high, boolean highIncluded) {
            try {
                double parsed = Double.parseDouble(text(key));
                if (parsed > low && (highIncluded ? parsed <= high : parsed < high)) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(key, "must be a number greater than " + BigDecimal.valueOf(low).stripTrailingZeros().toPlainString()
                    + (highIncluded ? " and at most " : " and less than ") + BigDecimal.valueOf(high).stripTrailingZeros().toPlainString());
        }

        double fraction(String key) {
            try {
                double parsed = Double.parseDouble(text(key));
                if (parsed >= 0 && parsed <= 1) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the rule
            }
            throw invalid(key, "must be a number between 0 and 1 (0.5 = 50 %)");
        }

        Set<CallStatus> failureStatuses(String key) {
            Set<CallStatus> statuses = EnumSet.noneOf(CallStatus.class);
            for (String name : text(key).split(",")) {
                CallStatus status = Arrays.stream(CallStatus.values())
                        .filter(s -> s != CallStatus.OK && s.name().equalsIgnoreCase(name.trim()))
                        .findFirst()
                        .orElseThrow(() -> invalid(key, "must be a comma-separated list of "
                                + Arrays.stream(CallStatus.values()).filter(s -> s != CallStatus.OK).toList()));
                statuses.add(status);
            }
            return statuses;
        }

        private SettingsException invalid(String key, String rule) {
            SettingValue value = values.get(key);
            return new SettingsException("Invalid value '" + value.value() + "' for " + key + " (" + value.origin() + "): " + rule);
        }
    }
}
