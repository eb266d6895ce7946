package dev.modelperf.streams.limit;

import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts feedback only under a model and category the tenant's limits admitted for a call on this
 * partition (feedback is keyed by its model here, as calls are). Feedback joined to its call always
 * passes: its call's names were admitted before the call reached the join. Feedback that names its
 * own model and category passes when a call brought that model and category; otherwise it would add
 * names past the limits, and goes to the DLQ with the reason. Admitted feedback goes on without the
 * source headers it travelled with.
 */
final class FeedbackNameCheck extends ContextualProcessor<String, AttributedFeedback, String, FeedbackVerdict> {

    private KeyValueStore<String, Long> admitted;
    private DlqMeter refusals;

    @Override
    public void init(ProcessorContext<String, FeedbackVerdict> context) {
        super.init(context);
        admitted = context.getStateStore(LimitTopology.NAMES_ADMITTED);
        refusals = new DlqMeter(context, "feedback");
    }

    @Override
    public void process(Record<String, AttributedFeedback> record) {
        AttributedFeedback attributed = record.value();
        String tenant = attributed.feedback().getTenant();
        boolean known = admitted.get(KnownNames.model(tenant, attributed.model())) != null
                && admitted.get(KnownNames.category(tenant, attributed.category())) != null;
        if (known) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DlqHeaders.dropSource(headers);
            context().forward(record.withValue(new FeedbackVerdict(attributed, null)).withHeaders(headers));
            return;
        }
        String reason = "limit reached: feedback names model '" + attributed.model() + "' and category '" + attributed.category()
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
        context().forward(record.withValue(new FeedbackVerdict(attributed, reason)).withHeaders(headers));
    }
}
