package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code modelperf soak} for a quarter of a minute with one SIGKILL of the server: every event sent is
 * counted or rejected, none lost and none counted twice, and the report's figures add up.
 */
class SoakCommandIT {

    @Test
    void aShortSoakThroughAKillLosesNothingAndDoublesNothing() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("soak", "--minutes", "0.25", "--rate", "50", "--kill-every", "8", "--rss-every", "2",
                "--settle-timeout", "90", "--server-heap", "384m", "--json");

        System.out.print(err);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("lost").asLong()).isZero();
        assertThat(report.get("doubled").asLong()).isZero();
        assertThat(report.get("restartSeconds")).hasSize(1);
        assertThat(report.get("callsSent").asLong()).isPositive();
        assertThat(report.get("feedbackSent").asLong()).isPositive();
        assertThat(report.get("counted").asLong()).isEqualTo(report.get("validSent").asLong());
        assertThat(report.get("callsCounted").asLong()).isEqualTo(report.get("callsSent").asLong());
        assertThat(report.get("feedbackCounted").asLong()).isEqualTo(report.get("feedbackSent").asLong());
        assertThat(report.get("rejected").asLong()).isEqualTo(report.get("invalidOnTopics").asLong()).isPositive();
        assertThat(report.get("rejectedByReason").fieldNames()).toIterable().contains("cannot deserialize", "invalid");
        assertThat(report.get("refusedAtIngest").asLong()).isPositive();
        // Every re-posted copy reached Kafka and was dropped; a retried request adds copies of what it had stored before failing.
        assertThat(report.get("reposted").asLong()).isPositive();
        assertThat(report.get("deduplicated").asLong()).isBetween(report.get("reposted").asLong(),
                report.get("reposted").asLong() + report.get("retried").asLong());
        Set<Integer> lives = new HashSet<>();
        report.get("rss").forEach(sample -> {
            assertThat(sample.get("rssKiB").asLong()).isPositive();
            lives.add(sample.get("life").asInt());
        });
        assertThat(lives).as("RSS sampled in both lives of the server").containsExactlyInAnyOrder(1, 2);
    }
}
