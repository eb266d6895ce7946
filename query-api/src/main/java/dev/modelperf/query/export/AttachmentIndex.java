package dev.modelperf.query.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The on-disk side of an export: the feedback and judgments of the range, indexed by the call they
 * judge, and the source positions the DLQ holds, in a temporary RocksDB deleted on close. Its heap
 * use does not grow with the number of entries; RocksDB's own memory is capped by a small write
 * buffer and block cache, so an export of any volume costs a fixed amount of memory plus disk.
 */
public final class AttachmentIndex implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /** RocksDB memory per index: two write buffers and the block cache; an export reads each key once. */
    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final long BLOCK_CACHE_BYTES = 8L << 20;

    private static final byte ATTACHMENT = 'a';
    private static final byte REJECTED = 'r';
    private static final byte END_OF_CALL = 0;

    private final Path directory;
    private final LRUCache cache;
    private final Options options;
    private final WriteOptions writes;
    private final RocksDB db;

    private AttachmentIndex(Path directory) throws RocksDBException {
        this.directory = directory;
        this.cache = new LRUCache(BLOCK_CACHE_BYTES);
        this.options = new Options().setCreateIfMissing(true).setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2)
                .setMaxOpenFiles(64).setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        // The index lives as long as one request: a crash loses nothing worth a write-ahead log.
        this.writes = new WriteOptions().setDisableWAL(true);
        this.db = RocksDB.open(options, directory.toString());
    }

    /** A new, empty index in a fresh directory under {@code parent}. */
    public static AttachmentIndex create(Path parent) {
        try {
            Files.createDirectories(parent);
            return new AttachmentIndex(Files.createTempDirectory(parent, "export-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the export index under " + parent, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot open the export index under " + parent + ": " + e.getMessage(), e);
        }
    }

    /** Records that the record at {@code topic}/{@code partition}/{@code offset} went to the DLQ. */
    public void reject(String topic, int partition, long offset) {
        put(position(REJECTED, topic, partition, offset), new byte[0]);
    }

    public boolean rejected(String topic, int partition, long offset) {
        try {
            return db.get(position(REJECTED, topic, partition, offset)) != null;
        } catch (RocksDBException e) {
            throw new IllegalStateException("Export index read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Adds an event judging the call {@code callEventId} of {@code tenant}; {@code kind} keeps
     * feedback apart from judgments and {@code partition}/{@code offset} keep arrival order.
     */
    public void attach(String tenant, String callEventId, ExportKind kind, int partition, long offset, byte[] value) {
        byte[] call = callPrefix(tenant, callEventId);
        ByteBuffer key = ByteBuffer.allocate(call.length + 1 + 4 + 8);
        key.put(call).put((byte) kind.ordinal()).putInt(partition).putLong(offset);
        put(key.array(), value);
    }

    /** Hands every event attached to the call to {@code each} with its kind, feedback first, each kind in arrival order. */
    public void attachments(String tenant, String callEventId, BiConsumer<ExportKind, byte[]> each) {
        byte[] prefix = callPrefix(tenant, callEventId);
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    return;
                }
                each.accept(ExportKind.values()[key[prefix.length]], iterator.value());
            }
        }
    }

    private void put(byte[] key, byte[] value) {
        try {
            db.put(writes, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Export index write failed (disk full under " + directory + "?): " + e.getMessage(), e);
        }
    }

    /** {@code a tenant|callEventId 0}: the 0 ends the id, so that one id is never the prefix of another's entries. */
    private static byte[] callPrefix(String tenant, String callEventId) {
        byte[] id = (tenant + '|' + callEventId).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[id.length + 2];
        prefix[0] = ATTACHMENT;
        System.arraycopy(id, 0, prefix, 1, id.length);
        prefix[prefix.length - 1] = END_OF_CALL;
        return prefix;
    }

    private static byte[] position(byte type, String topic, int partition, long offset) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + name.length + 1 + 4 + 8).put(type).put(name).put((byte) 0).putInt(partition).putLong(offset)
                .array();
    }

    @Override
    public void close() {
        db.close();
        writes.close();
        options.close();
        cache.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the export index " + directory, e);
        }
    }
}
