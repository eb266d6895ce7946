package dev.modelperf.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.ensemble.EnsembleSettings;
import dev.modelperf.streams.alert.AlertRule;
import dev.modelperf.streams.config.SettingsException;
import dev.modelperf.streams.health.HealthPolicy;
import dev.modelperf.streams.limit.LimitSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPerfSettingsTest {

    /** A valid rules file, as in the streams module's AlertRulesTest. */
    private static final String VALID = """
            rules:
              - name: slow
                signal: latency-p95
                above: 200
            """;

    @TempDir
    Path dir;

    @Test
    void laterLayersWin() throws IOException {
        Path file = Files.writeString(dir.resolve("modelperf.properties"),
                "http.port=9000\ntopic.partitions=3\nkafka.bootstrap.servers=file:9092\nkafka.linger.ms=5\n");
        ModelPerfSettings settings = ModelPerfSettings.from(new SettingsLayers()
                .defaults(ModelPerfSettings.defaults())
                .file(file)
                .environment(Map.of("MODELPERF_HTTP_PORT", "9100", "KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin"))
                .commandLine(Map.of("http.port", "9200"))
                .values());

        assertThat(settings.httpPort()).isEqualTo(9200);
        assertThat(settings.streams().topicPartitions()).isEqualTo(3);
        assertThat(settings.streams().bootstrapServers()).isEqualTo("env:9092");
        assertThat(settings.streams().kafka()).containsEntry("linger.ms", "5").containsEntry("bootstrap.servers", "env:9092");
        assertThat(settings.streams().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.streams().topics().calls()).isEqualTo("modelperf.calls.v1");
    }

    @Test
    void theLaunchersJavaOptionsAreNoSetting() {
        ModelPerfSettings settings = ModelPerfSettings.from(new SettingsLayers()
                .defaults(ModelPerfSettings.defaults())
                .environment(Map.of("MODELPERF_JAVA_OPTS", "-XX:+UseG1GC -Xmx1g", "MODELPERF_HTTP_PORT", "9100"))
                .values());

        assertThat(settings.httpPort()).isEqualTo(9100);
    }

    @Test
    void badValueNamesKeyRuleAndOrigin() {
        assertThatThrownBy(() -> ModelPerfSettings.from(new SettingsLayers()
                .defaults(ModelPerfSettings.defaults())
                .environment(Map.of("MODELPERF_HTTP_PORT", "eighty"))
                .values()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("Invalid value 'eighty' for http.port (environment variable MODELPERF_HTTP_PORT): "
                        + "must be an integer between 0 and 65535");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("window.minute.retention", "soon")))
                .hasMessageStartingWith("Invalid value 'soon' for window.minute.retention (command line): must be a duration");
    }

    @Test
    void theFoldDelayMustLeaveTheMinuteInTheStore() {
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("window.minute.retention", "2h", "window.fold.delay", "3h")))
                .hasMessage("Invalid value '3h' for window.fold.delay (command line): must be more than a minute shorter than "
                        + "window.minute.retention (PT2H), or minutes are dropped before they are folded into hours and days");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("window.minute.retention", "2h", "window.fold.delay", "119m")))
                .hasMessageContaining("window.fold.delay");
        assertThat(ModelPerfSettings.withOverrides(Map.of("window.minute.retention", "2h", "window.fold.delay", "118m"))
                .streams().aggregate().foldDelay()).isEqualTo(Duration.ofMinutes(118));
    }

    @Test
    void badCostBoundNamesTheKey() {
        assertThat(ModelPerfSettings.withOverrides(Map.of()).streams().maxCallCostUsd()).isEqualTo(100);
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("validation.max.call.cost.usd", "Infinity")))
                .hasMessage("Invalid value 'Infinity' for validation.max.call.cost.usd (command line): must be a number greater than 0");
    }

    @Test
    void unknownKeyIsRefused() {
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("htp.port", "1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("Unknown setting(s): htp.port (command line)");
    }

    @Test
    void healthDefaultsAreTheDocumentedOnes() {
        HealthPolicy health = ModelPerfSettings.withOverrides(Map.of()).streams().health();
        assertThat(health).isEqualTo(new HealthPolicy(3, Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24), 0.5,
                Duration.ofHours(1), Set.of(CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.RATE_LIMITED), Duration.ofSeconds(1),
                Duration.ofDays(7)));
    }

    @Test
    void badHealthSettingsNameTheKeyAndTheRule() {
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("health.max.ejected.share", "50%")))
                .hasMessage("Invalid value '50%' for health.max.ejected.share (command line): must be a number between 0 and 1 (0.5 = 50 %)");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("health.failure.statuses", "TIMEOUT,OK")))
                .hasMessage("Invalid value 'TIMEOUT,OK' for health.failure.statuses (command line): must be a comma-separated list of "
                        + "[SERVER_ERROR, TIMEOUT, RATE_LIMITED, CONTENT_FILTERED, CLIENT_ERROR]");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("health.blacklist.max", "30m")))
                .hasMessage("Invalid value '30m' for health.blacklist.max (command line): must not be shorter than "
                        + "health.blacklist.base (PT1H)");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("health.failure.threshold", "0")))
                .hasMessage("Invalid value '0' for health.failure.threshold (command line): must be an integer between 1 and 1000");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("health.idle.expiry", "6d")))
                .hasMessage("Invalid value '6d' for health.idle.expiry (command line): must be at least 7d: health.blacklist.max "
                        + "plus health.ejection.decay for each of the 6 ejection levels, or a quiet model would be forgotten while "
                        + "its past ejections still lengthen its next blacklist");
        assertThat(ModelPerfSettings.withOverrides(Map.of("health.blacklist.max", "4h", "health.ejection.decay", "1h",
                "health.idle.expiry", "7h")).streams().health().idleExpiry()).isEqualTo(Duration.ofHours(7));
        assertThat(ModelPerfSettings.withOverrides(Map.of("health.failure.statuses", " timeout , client_error"))
                .streams().health().failureStatuses())
                .containsExactlyInAnyOrder(CallStatus.TIMEOUT, CallStatus.CLIENT_ERROR);
    }

    @Test
    void limitsDefaultToTheDocumentedOnesAndABadValueNamesTheKey() {
        assertThat(ModelPerfSettings.withOverrides(Map.of()).streams().limits()).isEqualTo(new LimitSettings(500, 1_000));
        assertThat(ModelPerfSettings.withOverrides(Map.of("limits.models.per.tenant", "20", "limits.categories.per.tenant", "30"))
                .streams().limits()).isEqualTo(new LimitSettings(20, 30));
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("limits.models.per.tenant", "0")))
                .hasMessage("Invalid value '0' for limits.models.per.tenant (command line): must be an integer between 1 and 1000000");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("limits.categories.per.tenant", "many")))
                .hasMessage("Invalid value 'many' for limits.categories.per.tenant (command line): must be an integer between 1 and 1000000");
    }

    @Test
    void routingDefaultsAreTheDocumentedOnes() {
        QueryPolicy query = ModelPerfSettings.withOverrides(Map.of()).query();
        assertThat(query.mode()).isEqualTo(DecisionMode.BEST);
        assertThat(query.halfLife()).isEqualTo(Duration.ofHours(2));
        assertThat(query.priorStrength()).isEqualTo(10.0);
        QueryPolicy set = ModelPerfSettings.withOverrides(Map.of("routing.mode", "sample", "routing.half-life", "30m",
                "routing.prior.strength", "2.5")).query();
        assertThat(set.mode()).isEqualTo(DecisionMode.SAMPLE);
        assertThat(set.halfLife()).isEqualTo(Duration.ofMinutes(30));
        assertThat(set.priorStrength()).isEqualTo(2.5);
    }

    @Test
    void badRoutingSettingsNameTheKeyAndTheRule() {
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("routing.mode", "greedy")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("Invalid value 'greedy' for routing.mode (command line): must be one of best, sample");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("routing.prior.strength", "0")))
                .hasMessage("Invalid value '0' for routing.prior.strength (command line): must be a number greater than 0");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("routing.prior.strength", "NaN")))
                .hasMessage("Invalid value 'NaN' for routing.prior.strength (command line): must be a number greater than 0");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("routing.half-life", "5s")))
                .hasMessage("Invalid value '5s' for routing.half-life (command line): must be a duration such as 500ms, 30s, 5m, "
                        + "1h, 7d or ISO-8601 PT5M, at least PT10S");
    }

    @Test
    void ensembleSettingsDefaultToTheDocumentedOnesAndABadValueNamesTheKeyAndTheRule() {
        assertThat(ModelPerfSettings.withOverrides(Map.of()).streams().ensemble())
                .isEqualTo(new EnsembleSettings(Duration.ofDays(92), 0.1, 0.9));
        assertThat(ModelPerfSettings.withOverrides(Map.of("ensemble.retention", "30d", "ensemble.low.variance", "0.05",
                "ensemble.target", "0.95")).streams().ensemble()).isEqualTo(new EnsembleSettings(Duration.ofDays(30), 0.05, 0.95));
        assertThat(ModelPerfSettings.withOverrides(Map.of("ensemble.low.variance", "0.25")).streams().ensemble().lowVariance())
                .isEqualTo(0.25);
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("ensemble.retention", "12h")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("Invalid value '12h' for ensemble.retention (command line): must be a duration such as 500ms, 30s, 5m, "
                        + "1h, 7d or ISO-8601 PT5M, at least PT24H");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("ensemble.low.variance", "0.3")))
                .hasMessage("Invalid value '0.3' for ensemble.low.variance (command line): must be a number greater than 0 and at most 0.25");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("ensemble.low.variance", "0")))
                .hasMessage("Invalid value '0' for ensemble.low.variance (command line): must be a number greater than 0 and at most 0.25");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("ensemble.target", "1")))
                .hasMessage("Invalid value '1' for ensemble.target (command line): must be a number greater than 0 and less than 1");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("ensemble.target", "NaN")))
                .hasMessage("Invalid value 'NaN' for ensemble.target (command line): must be a number greater than 0 and less than 1");
    }

    @Test
    void theRulesFileIsReadAtStartAndItsErrorsStopTheStart(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), VALID);
        ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of("alerts.rules.file", file.toString()));
        assertThat(settings.streams().alerts().rules().rules()).extracting(AlertRule::name).containsExactly("slow");
        assertThat(settings.streams().alerts().rules().source()).isEqualTo(file.toString());

        Files.writeString(file, "rules:\n  - name: slow\n    signal: latency-p95\n    above: -1\n");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("alerts.rules.file", file.toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessage("Alert rule 'slow' in " + file + ": 'above' must be a number at least 0 (was -1)");
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("alerts.rules.file", dir.resolve("missing.yaml").toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessage("Invalid value '" + dir.resolve("missing.yaml") + "' for alerts.rules.file (command line): must be a readable file");
    }

    @Test
    void theStreamsDefaultsAreTheSettingsDefaults() {
        assertThat(ModelPerfSettings.withOverrides(Map.of()).streams()).isEqualTo(StreamsSettings.defaults());
    }
}
