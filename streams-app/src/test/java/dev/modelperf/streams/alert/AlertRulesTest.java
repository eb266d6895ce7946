package dev.modelperf.streams.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.Severity;
import dev.modelperf.streams.config.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules file: the built-in rules, and an error naming the rule and the key for each kind of mistake. */
class AlertRulesTest {

    private static final String VALID = """
            rules:
              - name: slow
                signal: latency-p95
                above: 200
            """;

    @Test
    void routingRulesTakeAThresholdAndALayerOnlyWhereTheyApply() {
        assertThat(AlertRules.load(null).rules().stream().filter(r -> r.name().startsWith("routing-layer")).map(AlertRule::layer))
                .containsExactly(1, 2);
        assertThatThrownBy(() -> AlertRules.parse("""
                rules:
                  - name: odd
                    signal: clarification-rate
                    above: 0.1
                    layer: 1
                """, "f.yaml")).hasMessage("Alert rule 'odd' in f.yaml: 'layer' applies to per-layer routing signals only (layer-capture) (was 1)");
        assertThatThrownBy(() -> AlertRules.parse("""
                rules:
                  - name: odd
                    signal: routing-accuracy
                    anomaly: {}
                """, "f.yaml")).hasMessage("Alert rule 'odd' in f.yaml: 'anomaly' applies to call signals only; routing signals take 'above' or 'below' (was {})");
    }

    @Test
    void theBuiltInRulesCoverSuccessLatencySatisfactionAndAnomalies() {
        AlertRules rules = AlertRules.load(null);
        assertThat(rules.source()).isEqualTo("the built-in rules");
        assertThat(rules.rules()).extracting(AlertRule::name, r -> r.signal().id(), AlertRule::severity, AlertRule::categories)
                .containsExactly(
                        tuple("success-rate-low", "success-rate", Severity.CRITICAL, List.of("*")),
                        tuple("routing-latency-high", "latency-p95", Severity.WARNING, List.of("routing", "classification")),
                        tuple("satisfaction-low", "satisfaction", Severity.WARNING, List.of("*")),
                        tuple("error-rate-anomaly", "error-rate", Severity.WARNING, List.of("*")),
                        tuple("latency-anomaly", "latency-p95", Severity.WARNING, List.of("*")),
                        tuple("routing-accuracy-low", "routing-accuracy", Severity.CRITICAL, List.of("*")),
                        tuple("routing-layer1-capture-low", "layer-capture", Severity.WARNING, List.of("*")),
                        tuple("routing-layer2-capture-low", "layer-capture", Severity.WARNING, List.of("*")),
                        tuple("cascade-latency-high", "cascade-latency", Severity.WARNING, List.of("*")),
                        tuple("clarification-rate-high", "clarification-rate", Severity.WARNING, List.of("*")));
        assertThat(rules.rules().get(0).condition()).isEqualTo(new AlertRule.Threshold(false, 0.9));
        assertThat(rules.rules().get(3).condition()).isEqualTo(new AlertRule.Anomaly(4, 180, 30, 0.02, 0.1));
    }

    @Test
    void leftOutKeysTakeTheirDocumentedDefaults() {
        AlertRule rule = AlertRules.parse(VALID, "test").rules().get(0);
        assertThat(rule).isEqualTo(new AlertRule("slow", CallSignal.LATENCY_P95, new AlertRule.Threshold(true, 200), Severity.WARNING,
                List.of("*"), null, null, 5, 20, 2, 5, 0));
    }

    @Test
    void eachMistakeIsReportedWithTheRuleAndTheKey() {
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    treshold: 3\n",
                "Alert rule 'slow' in f.yaml: unknown key 'treshold'; known keys: above, anomaly, below, categories, for, layer, min-samples,"
                        + " model, name, resolve-after, severity, signal, span, tenant");
        assertError("rules:\n  - signal: latency-p95\n    above: 200\n",
                "Alert rule #1 in f.yaml: 'name' is required and must match [a-z0-9][a-z0-9-]{0,63} (lowercase letters, digits, '-')");
        assertError("rules:\n  - name: slow\n    signal: latency\n    above: 200\n",
                "Alert rule 'slow' in f.yaml: 'signal' must be one of success-rate, error-rate, latency-p50, latency-p95, latency-p99,"
                        + " satisfaction, quality, cost-per-call, routing-accuracy, layer-capture, cascade-latency, clarification-rate (was 'latency')");
        assertError("rules:\n  - name: low\n    signal: success-rate\n    below: 90\n",
                "Alert rule 'low' in f.yaml: 'below' must be a number between 0 and 1 (was 90)");
        assertError("rules:\n  - name: low\n    signal: success-rate\n    below: ninety\n",
                "Alert rule 'low' in f.yaml: 'below' must be a number between 0 and 1 (was 'ninety')");
        assertError("rules:\n  - name: low\n    signal: success-rate\n",
                "Alert rule 'low' in f.yaml: needs exactly one of 'above', 'below' (a threshold) or 'anomaly' (versus the scope's own baseline)");
        assertError("rules:\n  - name: low\n    signal: success-rate\n    below: 0.9\n    above: 0.99\n",
                "Alert rule 'low' in f.yaml: needs exactly one of 'above', 'below' (a threshold) or 'anomaly' (versus the scope's own"
                        + " baseline); it has above and below");
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    span: 90s\n",
                "Alert rule 'slow' in f.yaml: 'span' must be whole minutes from 1m to 60m, such as 5m or 1h (was '90s')");
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    min-samples: 2.5\n",
                "Alert rule 'slow' in f.yaml: 'min-samples' must be a whole number between 1 and 1000000000 (was 2.5)");
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    severity: page\n",
                "Alert rule 'slow' in f.yaml: 'severity' must be one of info, warning, critical (was 'page')");
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    categories: [Code]\n",
                "Alert rule 'slow' in f.yaml: 'categories' entries must be 1-4 '/'-separated segments of [a-z0-9_-], or \"*\" for all"
                        + " (was 'Code')");
        assertError("rules:\n  - name: odd\n    signal: error-rate\n    anomaly: {z: 4, baseline: 10m}\n",
                "Alert rule 'odd' in f.yaml: 'anomaly.baseline' must be whole minutes from 30m to 1440m, such as 5m or 1h (was '10m')");
        assertError("rules:\n  - name: odd\n    signal: error-rate\n    anomaly: {zscore: 4}\n",
                "Alert rule 'odd' in f.yaml: unknown key 'anomaly.zscore'; known keys: anomaly.baseline, anomaly.min-baseline,"
                        + " anomaly.min-deviation, anomaly.min-relative-deviation, anomaly.z");
        assertError(VALID + "  - name: slow\n    signal: latency-p99\n    above: 900\n",
                "Alert rule 'slow' in f.yaml: 'name' must be unique; another rule is called 'slow' too (was 'slow')");
        assertError("alerts:\n  - name: slow\n", "Alert rules in f.yaml must be a YAML mapping with a list under 'rules:'");
        assertThatThrownBy(() -> AlertRules.parse("rules: [\n", "f.yaml")).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("Alert rules in f.yaml are not valid YAML: ");
    }

    @Test
    void aCategoryNoEventCanCarryIsNoScope() {
        String segment = "a".repeat(49);
        assertError("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    categories: [code/" + segment + "]\n",
                "Alert rule 'slow' in f.yaml: 'categories' entries must be 1-4 '/'-separated segments of [a-z0-9_-], or \"*\" for all"
                        + " (was 'code/" + segment + "')");
        assertThat(AlertRules.parse("rules:\n  - name: slow\n    signal: latency-p95\n    above: 200\n    categories: [\"*\", code/"
                + "a".repeat(48) + "]\n", "f.yaml").rules().get(0).categories()).containsExactly("*", "code/" + "a".repeat(48));
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> AlertRules.parse(yaml, "f.yaml")).isInstanceOf(SettingsException.class).hasMessage(message);
    }
}
