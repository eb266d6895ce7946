package dev.modelperf.toolbox.soak;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.topics.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no ModelPerf client writes, straight onto the calls topic as a broken producer would:
 * bytes that are no Avro at all, and well-formed Avro calls that break a rule (negative latency).
 * Each must end in the DLQ with its reason.
 */
public final class TopicGarbage implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final RegistryAvroSerializer<ModelCall> serializer;
    private final String tenant;
    private final Random random = new Random(7);
    private final AtomicLong sent = new AtomicLong();

    public TopicGarbage(String bootstrapServers, String registryUrl, String tenant) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        this.serializer = new RegistryAvroSerializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(registryUrl)));
        this.tenant = tenant;
    }

    /** Sends one record of random bytes and one call with a negative latency, each acknowledged before it returns. */
    public void sendPair() throws InterruptedException, ExecutionException {
        String key = new CallKey(tenant, "openai/gpt-4o").encode();
        byte[] noise = new byte[1 + random.nextInt(64)];
        random.nextBytes(noise);
        producer.send(new ProducerRecord<>(Topics.DEFAULT.calls(), key, noise)).get();
        ModelCall negative = ModelCall.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.now())
                .setTenant(tenant).setModel("openai/gpt-4o").setProvider("openai").setCategory("code/backend/api")
                .setLatencyMs(-5).setInputTokens(10).setOutputTokens(10).setStatus(CallStatus.OK).build();
        producer.send(new ProducerRecord<>(Topics.DEFAULT.calls(), key, serializer.serialize(Topics.DEFAULT.calls(), negative))).get();
        sent.addAndGet(2);
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
