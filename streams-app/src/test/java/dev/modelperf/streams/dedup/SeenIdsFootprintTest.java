package dev.modelperf.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.streams.Calls;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what remembering one event id costs: the seen-ids store's RocksDB files per id (its
 * changelog record is the same key and value). The figure is in docs/architecture.md.
 */
class SeenIdsFootprintTest {

    private static final int IDS = 20_000;

    @TempDir
    Path stateDir;

    @Test
    void aRememberedIdCostsLessThanTwoHundredBytesOnDisk() throws IOException {
        StreamsSettings settings = StreamsSettings.defaults().withStateDir(stateDir);
        Serde<ModelCall> serde = AvroSerdes.specific(ModelCall.getClassSchema(), new InMemorySchemaRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        Deduplication.calls(builder.stream("calls", Consumed.with(Serdes.String(), serde)), Duration.ofHours(1));
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        long bytes;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), StreamsProperties.of(settings), start)) {
            TestInputTopic<String, ModelCall> calls = driver.createInputTopic("calls", Serdes.String().serializer(), serde.serializer());
            ModelCall.Builder call = Calls.call("openai/gpt-4o", "code", 100, CallStatus.OK, start);
            for (int i = 0; i < IDS; i++) {
                Instant at = start.plusMillis(i * 50L);
                calls.pipeInput("acme|openai/gpt-4o", call.setEventId(java.util.UUID.randomUUID().toString()).setTimestamp(at).build(), at);
            }
            // The driver wipes its state when closed: flush the memtables to files and measure them now.
            ((org.apache.kafka.streams.processor.StateStore) driver.getWindowStore(Deduplication.CALLS_SEEN)).flush();
            bytes = sizeOf(stateDir);
        }
        double perId = (double) bytes / IDS;
        System.out.printf("seen-ids store: %d ids in %d bytes on disk, %.1f bytes per id%n", IDS, bytes, perId);
        assertThat(perId).isLessThan(200);
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().contains(Deduplication.CALLS_SEEN) && Files.isRegularFile(f)
                    && (f.toString().endsWith(".sst") || f.toString().endsWith(".log")))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
