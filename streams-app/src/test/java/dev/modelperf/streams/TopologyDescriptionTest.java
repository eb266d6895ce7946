package dev.modelperf.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's processors, stores and topics. A failure here means a name changed: a
 * renamed store or internal topic orphans production state, so change the pinned text only with
 * a migration plan.
 */
class TopologyDescriptionTest {

    @Test
    void topologyMatchesThePinnedDescription() throws IOException {
        String described = ModelPerfTopology.build(StreamsSettings.defaults(), new InMemorySchemaRegistry())
                .describe().toString();
        try (InputStream pinned = getClass().getResourceAsStream("/topology.txt")) {
            assertThat(pinned).as("pinned description /topology.txt").isNotNull();
            assertThat(normalized(described)).isEqualTo(normalized(new String(pinned.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static final Pattern STORES = Pattern.compile("\\(stores: \\[([^\\]]*)]\\)");

    /**
     * Kafka pads some description lines with trailing spaces, and lists a processor's stores in
     * the order it happened to connect them, which varies between runs; neither carries meaning.
     */
    private static String normalized(String description) {
        return description.strip().lines().map(String::stripTrailing).map(TopologyDescriptionTest::sortedStores)
                .collect(Collectors.joining("\n"));
    }

    private static String sortedStores(String line) {
        return STORES.matcher(line).replaceAll(match -> Matcher.quoteReplacement("(stores: ["
                + Arrays.stream(match.group(1).split(", ")).sorted().collect(Collectors.joining(", ")) + "])"));
    }
}
