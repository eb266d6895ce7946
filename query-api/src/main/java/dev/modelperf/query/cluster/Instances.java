package dev.modelperf.query.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The instances of this app, from the Kafka Streams metadata. Each instance advertises its HTTP
 * address as {@code application.server}; without one, this is the only instance.
 */
public final class Instances {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;

    public Instances(KafkaStreams streams, Optional<String> applicationServer) {
        this.streams = streams;
        this.self = applicationServer.map(HostInfo::buildFromEndpoint);
    }

    /** The other instances that run the app now (none without {@code application.server}). */
    public List<HostInfo> others() {
        if (self.isEmpty()) {
            return List.of();
        }
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self.get())) {
                others.add(instance.hostInfo());
            }
        }
        return others;
    }

    /**
     * Where the aggregates of {@code partitionKey} live: this instance or another;
     * {@link Owner#unknown()} while a rebalance leaves it open.
     */
    public Owner ownerOf(String storeName, String partitionKey) {
        if (self.isEmpty()) {
            return Owner.LOCAL;
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, partitionKey, KEYS);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Owner.UNKNOWN;
        }
        return metadata.activeHost().equals(self.get()) ? Owner.LOCAL : new Owner(metadata.activeHost());
    }

    /** The instance that holds a key: this one, another, or none known yet. */
    public record Owner(HostInfo host) {
        static final Owner LOCAL = new Owner(null);
        static final Owner UNKNOWN = new Owner(HostInfo.unavailable());

        public boolean isLocal() {
            return host == null;
        }

        public boolean unknown() {
            return host != null && host.equals(HostInfo.unavailable());
        }
    }
}
