package dev.modelperf.streams;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration for a set of settings: opinionated defaults, then {@code kafka.*} overrides. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    public static Properties of(StreamsSettings settings) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.topicReplicationFactor());
        // Generated names shift when the topology changes and orphan production state: refuse them.
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
        properties.put(BoundedMemoryRocksDbConfig.BLOCK_CACHE_BYTES, settings.rocksDbBlockCacheBytes());
        properties.put(BoundedMemoryRocksDbConfig.WRITE_BUFFER_BYTES, settings.rocksDbWriteBufferBytes());
        properties.putAll(settings.kafka());
        return properties;
    }
}
