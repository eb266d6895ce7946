package dev.modelperf.streams.limit;

import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts feedback (or a judgment) only under a model and category the tenant's limits admitted for
 * a call on this partition (it is keyed by its model here, as calls are). One joined to its call
 * always passes: its call's names were admitted before the call reached the join. One that names
 * its own model and category passes when a call brought that model and category; otherwise it
 * would add names past the limits, and goes to the DLQ with the reason. Admitted records go on
 * without the source headers they travelled with.
 */
final class AttributedNameCheck<V> extends ContextualProcessor<String, V, String, NameCheckVerdict<V>> {

    /** How one kind of attributed event names its tenant, model and category. */
    record Names<V>(String kind, String source, Function<V, String> tenant, Function<V, String> model, Function<V, String> category) {
    }

    private final Names<V> names;
    private KeyValueStore<String, Long> admitted;
    private DlqMeter refusals;

    AttributedNameCheck(Names<V> names) {
        this.names = names;
    }

    @Override
    public void init(ProcessorContext<String, NameCheckVerdict<V>> context) {
        super.init(context);
        admitted = context.getStateStore(LimitTopology.NAMES_ADMITTED);
        refusals = new DlqMeter(context, names.source());
    }

    @Override
    public void process(Record<String, V> record) {
        V attributed = record.value();
        String tenant = names.tenant().apply(attributed);
        String model = names.model().apply(attributed);
        String category = names.category().apply(attributed);
        boolean known = admitted.get(KnownNames.model(tenant, model)) != null
                && admitted.get(KnownNames.category(tenant, category)) != null;
        if (known) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DlqHeaders.dropSource(headers);
            context().forward(record.withValue(new NameCheckVerdict<>(attributed, null)).withHeaders(headers));
            return;
        }
        String reason = "limit reached: " + names.kind() + " names model '" + model + "' and category '" + category
                + "', which no call of tenant '" + tenant + "' within " + LimitSettings.MODELS_KEY + " and "
                + LimitSettings.CATEGORIES_KEY + " has brought";
        refusals.record(reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        // Marked by the validator: this record's own metadata names the repartition topic it crossed.
        DlqHeaders.Source source = DlqHeaders.source(record.headers()).orElseGet(() -> {
            RecordMetadata metadata = context().recordMetadata().orElseThrow();
            return new DlqHeaders.Source(metadata.topic(), metadata.partition(), metadata.offset());
        });
        DlqHeaders.mark(headers, reason, source.topic(), source.partition(), source.offset(), context().currentSystemTimeMs());
        context().forward(record.withValue(new NameCheckVerdict<>(attributed, reason)).withHeaders(headers));
    }
}
