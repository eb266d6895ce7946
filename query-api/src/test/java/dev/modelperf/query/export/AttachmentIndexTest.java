package dev.modelperf.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's on-disk index on a real RocksDB: exact lookups per call, and a heap that does not grow with its content. */
class AttachmentIndexTest {

    @TempDir
    Path parent;

    @Test
    void givesEachCallItsOwnFeedbackThenJudgmentsInArrivalOrder() {
        try (AttachmentIndex index = AttachmentIndex.create(parent)) {
            index.attach("acme", "call-1", ExportKind.JUDGMENTS, 2, 7, bytes("j1"));
            index.attach("acme", "call-1", ExportKind.FEEDBACK, 2, 9, bytes("f2"));
            index.attach("acme", "call-1", ExportKind.FEEDBACK, 2, 3, bytes("f1"));
            // Ids that extend another id, and the same id in another tenant, belong to other calls.
            index.attach("acme", "call-10", ExportKind.FEEDBACK, 2, 4, bytes("other-call"));
            index.attach("acme2", "call-1", ExportKind.FEEDBACK, 0, 1, bytes("other-tenant"));
            index.attach("acm", "e|call-1", ExportKind.FEEDBACK, 0, 2, bytes("split-differently"));

            assertThat(attachments(index, "acme", "call-1")).containsExactly("FEEDBACK f1", "FEEDBACK f2", "JUDGMENTS j1");
            assertThat(attachments(index, "acme", "call-10")).containsExactly("FEEDBACK other-call");
            assertThat(attachments(index, "acme2", "call-1")).containsExactly("FEEDBACK other-tenant");
            assertThat(attachments(index, "acme", "call-2")).isEmpty();
        }
    }

    @Test
    void remembersRejectedPositionsExactly() {
        try (AttachmentIndex index = AttachmentIndex.create(parent)) {
            index.reject("modelperf.calls.v1", 1, 42);
            assertThat(index.rejected("modelperf.calls.v1", 1, 42)).isTrue();
            assertThat(index.rejected("modelperf.calls.v1", 1, 43)).isFalse();
            assertThat(index.rejected("modelperf.calls.v1", 0, 42)).isFalse();
            assertThat(index.rejected("modelperf.feedback.v1", 1, 42)).isFalse();
        }
    }

    @Test
    void keepsHundredsOfMegabytesOffTheHeapAndDeletesThemOnClose() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        byte[] value = new byte[1024];
        int entries = 200_000;
        long before;
        long after;
        Path directory;
        try (AttachmentIndex index = AttachmentIndex.create(parent)) {
            try (Stream<Path> created = Files.list(parent)) {
                directory = created.findFirst().orElseThrow();
            }
            System.gc();
            before = memory.getHeapMemoryUsage().getUsed();
            for (int i = 0; i < entries; i++) {
                value[i % value.length] = (byte) i;
                index.attach("bulk", "call-" + i / 3, ExportKind.FEEDBACK, 0, i, value);
            }
            System.gc();
            after = memory.getHeapMemoryUsage().getUsed();
            assertThat(attachments(index, "bulk", "call-" + (entries / 3 - 1))).hasSize(3);
        }
        // 200 MB were indexed; a map of them would hold all of it on the heap.
        assertThat(after - before).as("heap growth in bytes").isLessThan(48L << 20);
        assertThat(directory).doesNotExist();
    }

    private static List<String> attachments(AttachmentIndex index, String tenant, String callEventId) {
        List<String> found = new ArrayList<>();
        index.attachments(tenant, callEventId, (kind, value) -> found.add(kind + " " + new String(value, StandardCharsets.UTF_8)));
        return found;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
