package dev.modelperf.query.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.query.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The export's parameters: defaults, the forms accepted, and a 400 naming the parameter for each rule broken. */
class ExportRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void readsEveryParameterAndDefaultsTheRest() {
        ExportRequest request = ExportRequest.parse(Map.of("since", "2026-12-01T00:00:00Z"), "acme", NOW);
        assertThat(request.since()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(request.until()).isEqualTo(NOW);
        assertThat(request.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(request.kinds()).isEqualTo(EnumSet.allOf(ExportKind.class));
        assertThat(request.format()).isEqualTo(ExportFormat.JSONL);
        assertThat(request.cursor()).isEmpty();
        assertThat(ExportRequest.parse(Map.of("since", "2026-12-01T00:00:00Z", "kinds", "", "format", ""), "acme", NOW).kinds())
                .as("empty means the default").isEqualTo(EnumSet.allOf(ExportKind.class));

        ExportRequest full = ExportRequest.parse(Map.of("since", "1764547200000", "until", "2026-12-01T12:00:00+01:00",
                "grace", "90m", "kinds", "calls, judgments", "format", "avro", "cursor", "call:0:41,call:2:7"), "*", NOW);
        assertThat(full.since()).isEqualTo(Instant.ofEpochMilli(1764547200000L));
        assertThat(full.until()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(full.readUntil()).isEqualTo(Instant.parse("2026-12-01T12:30:00Z"));
        assertThat(full.tenant()).as("every tenant").isNull();
        assertThat(full.kinds()).containsExactlyInAnyOrder(ExportKind.CALLS, ExportKind.JUDGMENTS);
        assertThat(full.format()).isEqualTo(ExportFormat.AVRO);
        assertThat(full.cursor()).containsExactly(Map.entry(new ExportRequest.Position(ExportKind.CALLS, 0), 41L),
                Map.entry(new ExportRequest.Position(ExportKind.CALLS, 2), 7L));
    }

    @Test
    void selectsTheTenantAndTheHalfOpenRange() {
        ExportRequest request = ExportRequest.parse(Map.of("since", "2026-12-01T00:00:00Z", "until", "2026-12-01T01:00:00Z"), "acme", NOW);
        assertThat(request.selects("acme", Instant.parse("2026-12-01T00:00:00Z"))).isTrue();
        assertThat(request.selects("acme", Instant.parse("2026-12-01T00:59:59.999Z"))).isTrue();
        assertThat(request.selects("acme", Instant.parse("2026-12-01T01:00:00Z"))).isFalse();
        assertThat(request.selects("acme", Instant.parse("2026-11-30T23:59:59.999Z"))).isFalse();
        assertThat(request.selects("globex", Instant.parse("2026-12-01T00:30:00Z"))).isFalse();
    }

    @Test
    void refusesEachBrokenRuleNamingItsParameter() {
        assertRefused(Map.of(), "since");
        assertRefused(Map.of("since", "yesterday"), "since");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "until", "2026-11-30T00:00:00Z"), "until");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "until", "soon"), "until");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "grace", "31d"), "grace");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "grace", "1w"), "grace");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "kinds", "calls,votes"), "kinds");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "kinds", "feedback,judgments"), "kinds");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "format", "parquet"), "format");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "cursor", "call:0"), "cursor");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "cursor", "feedback:0:3"), "cursor");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "cursor", "call:0:3,call:0:4"), "cursor");
        assertRefused(Map.of("since", "2026-12-01T00:00:00Z", "kinds", "calls", "cursor", "comparison:0:3"), "cursor");
        assertThatThrownBy(() -> ExportRequest.parse(Map.of("since", "2026-12-01T00:00:00Z"), "Not A Tenant!", NOW))
                .isInstanceOf(BadRequestException.class).extracting(e -> ((BadRequestException) e).parameter()).isEqualTo("tenant");
    }

    private static void assertRefused(Map<String, String> parameters, String parameter) {
        assertThatThrownBy(() -> ExportRequest.parse(parameters, "acme", NOW)).as(parameters.toString())
                .isInstanceOf(BadRequestException.class)
                .extracting(e -> ((BadRequestException) e).parameter()).isEqualTo(parameter);
    }
}
