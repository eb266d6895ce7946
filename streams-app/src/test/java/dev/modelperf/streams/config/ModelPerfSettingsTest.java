package dev.modelperf.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPerfSettingsTest {

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
        assertThat(settings.topicPartitions()).isEqualTo(3);
        assertThat(settings.bootstrapServers()).isEqualTo("env:9092");
        assertThat(settings.kafka()).containsEntry("linger.ms", "5").containsEntry("bootstrap.servers", "env:9092");
        assertThat(settings.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.topics().calls()).isEqualTo("modelperf.calls.v1");
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
    void unknownKeyIsRefused() {
        assertThatThrownBy(() -> ModelPerfSettings.withOverrides(Map.of("htp.port", "1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("Unknown setting(s): htp.port (command line)");
    }
}
