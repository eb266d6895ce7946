package dev.modelperf.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB store of the process: one block cache and one write
 * buffer manager shared by all stores (Kafka Streams' documented pattern), so memory does not grow
 * with the number of stores, segments and partitions. Sizes come from
 * {@code rocksdb.block.cache.bytes} and {@code rocksdb.write.buffer.bytes}; the first store to be
 * opened fixes them for the life of the process, as a shared cache must.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    public static final String BLOCK_CACHE_BYTES = "modelperf.rocksdb.block.cache.bytes";
    public static final String WRITE_BUFFER_BYTES = "modelperf.rocksdb.write.buffer.bytes";

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void initShared(Map<String, Object> configs) {
        if (cache == null) {
            long cacheBytes = Long.parseLong(String.valueOf(configs.get(BLOCK_CACHE_BYTES)));
            long writeBufferBytes = Long.parseLong(String.valueOf(configs.get(WRITE_BUFFER_BYTES)));
            // Write buffers are charged to the cache, so cacheBytes bounds both.
            cache = new LRUCache(cacheBytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        initShared(configs);
        BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        tableConfig.setBlockCache(cache);
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(tableConfig);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store and live as long as the process.
    }
}
