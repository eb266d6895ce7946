package dev.modelperf.streams.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.streams.aggregate.AggregateSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which windows a span reads: the reads themselves are covered with the aggregates in RollUpTest. */
class StatsReaderTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void spansUseWholeDaysThenHoursThenRecentMinutes() {
        StatsReader reader = new StatsReader(null, AggregateSettings.defaults().minuteRetention(),
                AggregateSettings.defaults().hourRetention());
        long hour = Duration.ofHours(1).toMillis();
        long day = Duration.ofDays(1).toMillis();
        long to = START.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(95)).toEpochMilli();
        long folded = to - Duration.ofMinutes(3).toMillis();
        long from = to - Duration.ofDays(7).toMillis();

        assertThat(reader.plan(from, to, folded, Resolution.DAY)).containsExactly(
                new StatsReader.Segment(Resolution.HOUR, from - from % hour + hour, from - from % day + day - hour),
                new StatsReader.Segment(Resolution.DAY, from - from % day + day, to - to % day - day),
                new StatsReader.Segment(Resolution.HOUR, to - to % day, to - to % hour - hour),
                new StatsReader.Segment(Resolution.MINUTE, to - to % hour, to));
        long recent = to - Duration.ofMinutes(30).toMillis();
        assertThat(reader.plan(recent, to, folded, Resolution.DAY)).containsExactly(
                new StatsReader.Segment(Resolution.MINUTE, Resolution.MINUTE.ceil(recent), to));
    }

    @Test
    void aPerMinuteSeriesReadsMinutesOnlyWithinTheirRetention() {
        StatsReader reader = new StatsReader(null, Duration.ofDays(1), Duration.ofDays(30));
        long to = START.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(95)).plusSeconds(20).toEpochMilli();
        long folded = to - Duration.ofMinutes(3).toMillis();

        long hourAgo = to - Duration.ofHours(1).toMillis();
        assertThat(reader.plan(hourAgo, to, folded, Resolution.MINUTE)).containsExactly(
                new StatsReader.Segment(Resolution.MINUTE, Resolution.MINUTE.ceil(hourAgo), to));
        long weekAgo = to - Duration.ofDays(7).toMillis();
        assertThat(reader.plan(weekAgo, to, folded, Resolution.MINUTE)).containsExactly(
                new StatsReader.Segment(Resolution.MINUTE, Resolution.MINUTE.ceil(to - Duration.ofDays(1).toMillis()), to));
    }
}
