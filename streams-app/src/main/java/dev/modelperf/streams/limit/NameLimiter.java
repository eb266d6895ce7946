package dev.modelperf.streams.limit;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The authority on a tenant's names: on the tenant's one partition of the claims repartition, it
 * admits a call's new model and category levels while they fit the limits, else refuses the call
 * with the reason (for the DLQ). The names and counts it writes are changelogged and committed with
 * the verdict, so a restart neither forgets an admitted name nor remembers a refused one.
 */
final class NameLimiter extends ContextualProcessor<String, ModelCall, String, LimitVerdict> {

    private final LimitSettings limits;
    private KeyValueStore<String, Long> names;
    private DlqMeter refusals;

    NameLimiter(LimitSettings limits) {
        this.limits = limits;
    }

    @Override
    public void init(ProcessorContext<String, LimitVerdict> context) {
        super.init(context);
        names = context.getStateStore(LimitTopology.TENANT_NAMES);
        refusals = new DlqMeter(context, "calls");
    }

    @Override
    public void process(Record<String, ModelCall> record) {
        ModelCall call = record.value();
        NameBudget budget = new NameBudget(names, limits);
        NameBudget.Refusal refusal = budget.admit(call.getTenant(), call.getModel(), call.getCategory(), record.timestamp());
        if (refusal == null) {
            for (Map.Entry<String, Long> entry : budget.additions().entrySet()) {
                names.put(entry.getKey(), entry.getValue());
            }
            context().forward(record.withValue(new LimitVerdict(call, null)));
            return;
        }
        refusals.record(refusal.message());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DlqHeaders.markReason(headers, refusal.message(), context().currentSystemTimeMs());
        context().forward(record.withValue(new LimitVerdict(call, refusal.message())).withHeaders(headers));
    }
}
