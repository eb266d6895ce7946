package dev.modelperf.query.cluster;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The partitions of the calls topic whose aggregates this instance holds. Known only while the
 * app is RUNNING: then every active task is restored, so its stores answer in full.
 */
public final class LocalAssignment {

    private final KafkaStreams streams;
    private final String callsTopic;

    public LocalAssignment(KafkaStreams streams, String callsTopic) {
        this.streams = streams;
        this.callsTopic = callsTopic;
    }

    public Optional<Set<Integer>> partitions() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (partition.topic().equals(callsTopic)) {
                        partitions.add(partition.partition());
                    }
                }
            }
        }
        return streams.state() == KafkaStreams.State.RUNNING ? Optional.of(Set.copyOf(partitions)) : Optional.empty();
    }
}
