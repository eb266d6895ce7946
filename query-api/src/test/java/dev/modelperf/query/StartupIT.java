package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.local.LocalStack;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With {@code topic.create} off, a topic missing on a real broker ends the start naming it. */
class StartupIT {

    @Test
    @Timeout(60)
    void aMissingTopicWithTopicCreateOffEndsTheStartNamingIt() {
        try (LocalStack stack = LocalStack.start()) {
            ServerStartupTest.Result result = ServerStartupTest.run(
                    "--set", "kafka.bootstrap.servers=" + stack.bootstrapServers(),
                    "--set", "registry.url=" + stack.registryUrl(),
                    "--set", "topic.prefix=startup-it.",
                    "--set", "topic.create=false",
                    "--set", "startup.timeout=5s");

            assertThat(result.exitCode()).isEqualTo(ServerCommand.EXIT_STARTUP);
            assertThat(result.stderr()).startsWith("Start-up failed: Topics [startup-it.calls.v1, ")
                    .contains(" do not exist on Kafka at " + stack.bootstrapServers() + " and topic.create is false");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
        }
    }
}
