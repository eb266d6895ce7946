package dev.modelperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.client.PendingEvent.EventKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventBufferTest {

    private static PendingEvent event(String key) {
        return new PendingEvent(new ProducerRecord<>("t", key, null), EventKind.CALL, System.nanoTime(), new CompletableFuture<>());
    }

    private static List<String> keys(List<PendingEvent> events) {
        return events.stream().map(e -> e.record().key()).toList();
    }

    @Test
    void dropOldestMakesRoomForTheNewEvent() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(2, OverflowPolicy.DROP_OLDEST, 0);
        assertThat(buffer.offer(event("a"))).isNull();
        assertThat(buffer.offer(event("b"))).isNull();
        EventBuffer.Rejected rejected = buffer.offer(event("c"));
        assertThat(rejected.event().record().key()).isEqualTo("a");
        assertThat(rejected.reason()).isEqualTo(DropReason.BUFFER_FULL);
        assertThat(keys(buffer.take(10).events())).containsExactly("b", "c");
    }

    @Test
    void dropNewestKeepsWhatIsBuffered() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(2, OverflowPolicy.DROP_NEWEST, 0);
        buffer.offer(event("a"));
        buffer.offer(event("b"));
        assertThat(buffer.offer(event("c")).event().record().key()).isEqualTo("c");
        assertThat(keys(buffer.take(10).events())).containsExactly("a", "b");
    }

    @Test
    void blockWaitsForRoomThenGivesUpAfterMaxBlock() throws Exception {
        EventBuffer buffer = new EventBuffer(1, OverflowPolicy.BLOCK, TimeUnit.MILLISECONDS.toNanos(50));
        buffer.offer(event("a"));
        long started = System.nanoTime();
        EventBuffer.Rejected refused = buffer.offer(event("b"));
        assertThat(refused.event().record().key()).isEqualTo("b");
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

        EventBuffer patient = new EventBuffer(1, OverflowPolicy.BLOCK, TimeUnit.SECONDS.toNanos(30));
        patient.offer(event("a"));
        CompletableFuture<EventBuffer.Rejected> blocked = CompletableFuture.supplyAsync(() -> patient.offer(event("b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !blocked.isDone());
        assertThat(keys(patient.take(1).events())).containsExactly("a");
        assertThat(blocked.get(5, TimeUnit.SECONDS)).as("woken by the take, accepted").isNull();
        assertThat(keys(patient.take(1).events())).containsExactly("b");
    }

    @Test
    void aFlushIsReadyOnceEverythingOfferedBeforeItHasBeenTaken() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10, OverflowPolicy.DROP_OLDEST, 0);
        buffer.offer(event("a"));
        buffer.offer(event("b"));
        buffer.offer(event("c"));
        CompletableFuture<Void> flush = new CompletableFuture<>();
        buffer.requestFlush(flush);
        buffer.offer(event("d"));

        EventBuffer.Batch first = buffer.take(2);
        assertThat(keys(first.events())).containsExactly("a", "b");
        assertThat(first.flushes()).isEmpty();
        EventBuffer.Batch second = buffer.take(2);
        assertThat(keys(second.events())).containsExactly("c", "d");
        assertThat(second.flushes()).containsExactly(flush);
    }

    @Test
    void closingRefusesNewEventsAndFinishesOnceDrained() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10, OverflowPolicy.DROP_OLDEST, 0);
        buffer.offer(event("a"));
        buffer.close();
        assertThat(buffer.offer(event("b")).reason()).isEqualTo(DropReason.CLOSED);
        EventBuffer.Batch last = buffer.take(10);
        assertThat(keys(last.events())).containsExactly("a");
        assertThat(last.finished()).isTrue();
    }
}
