package dev.modelperf.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalStackIT {

    @Test
    void servesKafkaAndTheRegistryAndCleansUpOnClose() throws Exception {
        Path dataDirectory;
        try (LocalStack stack = LocalStack.start()) {
            System.out.printf("Local stack started in %d ms%n", stack.startupTime().toMillis());
            dataDirectory = stack.dataDirectory();
            assertThat(dataDirectory).isDirectory();
            assertThat(stack.bootstrapServers()).isNotBlank();

            try (Admin admin = stack.admin()) {
                admin.createTopics(List.of(new NewTopic("roundtrip", 2, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("roundtrip");
            }
            RecordMetadata written;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                written = producer.send(new ProducerRecord<>("roundtrip", "k", "v")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("roundtrip"));
                ConsumerRecord<String, String> read = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        read = record;
                    }
                }
                assertThat(read).as("record read back within 30 s").isNotNull();
                assertThat(read.value()).isEqualTo("v");
                assertThat(read.partition()).isEqualTo(written.partition());
            }

            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[]");
        }
        assertThat(Files.exists(dataDirectory)).as("data directory removed on close").isFalse();
    }
}
