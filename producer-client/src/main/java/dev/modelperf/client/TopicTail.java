package dev.modelperf.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client's in-memory readers of compacted topics share: a consumer without a group that
 * assigns itself every partition once the topics exist (the server creates them), and the test of
 * having read up to where the topics ended at start.
 */
public final class TopicTail {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

    private TopicTail() {
    }

    /**
     * Assigns {@code kafka} every partition of {@code topics}, waiting until each exists; throws
     * {@link WakeupException} once {@code closed} holds or the thread is interrupted.
     */
    public static List<TopicPartition> assignEvery(KafkaConsumer<?, ?> kafka, List<String> topics, BooleanSupplier closed) {
        while (!closed.getAsBoolean()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            if (partitions.stream().map(TopicPartition::topic).distinct().count() == topics.size()) {
                kafka.assign(partitions);
                return partitions;
            }
            log.info("Waiting for topics {} to exist", topics);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    /** Whether {@code kafka} has read every partition up to the offset it ended at when reading began. */
    public static boolean caughtUp(KafkaConsumer<?, ?> kafka, Map<TopicPartition, Long> endAtStart) {
        for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
