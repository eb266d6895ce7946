package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.routing.ensemble.Panel;
import dev.modelperf.streams.stores.Resolution;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Folds each comparison, keyed {@code tenant|level}, into the level's state of its day and into
 * the level's history. The history ranks the panel's models <em>before</em> the comparison is
 * added, so the agreement counted for the best {@code k} is what trusting the history would have
 * given. A comparison older than the day buckets' retention still teaches the history; its day is
 * gone, and lies beyond every span advice reads.
 */
public final class EnsembleFolder extends ContextualProcessor<String, Panel, Void, Void> {

    private static final Resolution DAY = Resolution.DAY;

    private final long retentionMs;
    private final double lowVariance;
    private WindowStore<String, EnsembleState> days;
    private KeyValueStore<String, EnsembleState> history;

    public EnsembleFolder(Duration retention, double lowVariance) {
        this.retentionMs = retention.toMillis();
        this.lowVariance = lowVariance;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        days = context.getStateStore(EnsembleStores.DAYS);
        history = context.getStateStore(EnsembleStores.HISTORY);
    }

    @Override
    public void process(Record<String, Panel> record) {
        String key = record.key();
        Panel panel = record.value();
        EnsembleState past = orNew(history.get(key));
        List<String> ranking = past.ranking();
        long day = DAY.windowStart(panel.timestampMs());
        if (day + DAY.sizeMs() > context().currentStreamTimeMs() - retentionMs) {
            EnsembleState bucket = orNew(days.fetch(key, day));
            bucket.record(panel, ranking);
            days.put(key, bucket, day);
        }
        past.record(panel, ranking);
        history.put(key, past);
    }

    private EnsembleState orNew(EnsembleState state) {
        return state == null ? new EnsembleState(lowVariance) : state;
    }
}
