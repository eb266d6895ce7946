package dev.modelperf.streams.cascade;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins each routing outcome to its decision through a compact index of decisions (tenant and
 * decision id → each layer's proposal) kept for the join horizon. A decision is counted the
 * moment it arrives (a fact with every verdict unknown); its outcome, whenever it comes within the
 * horizon, adds a second fact with the verdicts, in the decision's windows. The index remembers
 * which outcome judged a decision, so a decision is judged once: a copy of that outcome is
 * dropped, a different outcome for a judged decision goes to the DLQ ({@code outcome already
 * recorded}). An outcome that comes first waits (bounded) for its decision, then goes to the DLQ
 * ({@code decision not found}). Facts are keyed by tenant, the figures' partitioning.
 */
public final class CascadeJoiner extends ContextualProcessor<String, JoinInput, String, JoinResult> {

    public static final String DECISION_INDEX_STORE = "routing-decision-index";
    public static final String PENDING_STORE = "routing-outcomes-pending";
    /** Separates decision key from outcome id in pending keys, so that a prefix scan finds one decision's outcomes. */
    static final char PENDING_SEPARATOR = '\u0000';
    private static final Logger log = LoggerFactory.getLogger(CascadeJoiner.class);

    private final long holdMs;
    private final Duration checkInterval;
    private WindowStore<String, DecisionRef> index;
    private KeyValueStore<String, PendingOutcome> pending;
    private DlqMeter refused;

    public CascadeJoiner(Duration hold, Duration checkInterval) {
        this.holdMs = hold.toMillis();
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, JoinResult> context) {
        super.init(context);
        refused = new DlqMeter(context, "routing-outcomes");
        index = context.getStateStore(DECISION_INDEX_STORE);
        pending = context.getStateStore(PENDING_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        if (record.value().decision() != null) {
            decided(record.value().decision());
        } else {
            outcome(record.value().outcome(), record.timestamp());
        }
    }

    private void decided(RoutingDecision decision) {
        String key = indexKey(decision.getTenant(), decision.getDecisionId());
        if (lookup(key) != null) {
            // A copy sent again after the dedup window: the index still knows it, so it counts once.
            log.debug("Dropped a copy of routing decision {} already counted", key);
            return;
        }
        DecisionRef ref = DecisionRef.of(decision);
        index.put(key, ref, ref.timestampMs());
        List<CascadeFact.LayerFact> layers = new ArrayList<>(decision.getLayers().size());
        for (LayerAttempt layer : decision.getLayers()) {
            layers.add(new CascadeFact.LayerFact(layer.getLayerId(), layer.getConfidence(), layer.getThreshold(), layer.getAccepted(),
                    layer.getLatencyMs(), Verdict.UNKNOWN));
        }
        forward(new CascadeFact(false, ref.tenant(), ref.timestampMs(), ref.clarified(), decision.getTotalLatencyMs(), Verdict.UNKNOWN,
                layers));
        release(key, ref);
    }

    private void outcome(RoutingOutcome outcome, long timestamp) {
        String key = indexKey(outcome.getTenant(), outcome.getDecisionId());
        DecisionRef ref = lookup(key);
        if (ref != null) {
            judge(key, ref, outcome, timestamp, null);
            return;
        }
        RecordMetadata source = context().recordMetadata().orElseThrow();
        pending.put(key + PENDING_SEPARATOR + outcome.getEventId(),
                new PendingOutcome(outcome, context().currentSystemTimeMs(), source.topic(), source.partition(), source.offset()));
    }

    /** Applies {@code outcome} to its decision unless one already judged it; {@code held}: where a held outcome came from. */
    private void judge(String key, DecisionRef ref, RoutingOutcome outcome, long timestamp, PendingOutcome held) {
        if (ref.judgedBy() != null) {
            if (!ref.judgedBy().equals(outcome.getEventId())) {
                refuse(outcome, "outcome already recorded: decision " + outcome.getDecisionId() + " was judged by outcome "
                        + ref.judgedBy() + "; a decision is judged once", held, timestamp);
            }
            return;
        }
        index.put(key, ref.judgedBy(outcome.getEventId()), ref.timestampMs());
        List<CascadeFact.LayerFact> layers = new ArrayList<>(ref.proposals().size());
        for (DecisionRef.Proposal proposal : ref.proposals()) {
            layers.add(new CascadeFact.LayerFact(proposal.layerId(), proposal.confidence(), 0, proposal.accepted(), 0,
                    verdict(proposal, outcome)));
        }
        Verdict finalVerdict = ref.clarified() ? Verdict.UNKNOWN : finalVerdict(ref, outcome);
        forward(new CascadeFact(true, ref.tenant(), ref.timestampMs(), ref.clarified(), 0, finalVerdict, layers));
    }

    /**
     * A proposal is judged by the outcome's correct target when it names one; without it, only the
     * accepted proposal is judged, by {@code correct}.
     */
    static Verdict verdict(DecisionRef.Proposal proposal, RoutingOutcome outcome) {
        if (outcome.getCorrectTarget() != null) {
            return proposal.target() == null ? Verdict.UNKNOWN
                    : proposal.target().equals(outcome.getCorrectTarget()) ? Verdict.CORRECT : Verdict.WRONG;
        }
        if (proposal.accepted() && outcome.getCorrect() != null) {
            return outcome.getCorrect() ? Verdict.CORRECT : Verdict.WRONG;
        }
        return Verdict.UNKNOWN;
    }

    private static Verdict finalVerdict(DecisionRef ref, RoutingOutcome outcome) {
        if (outcome.getCorrectTarget() != null) {
            return Objects.equals(ref.finalTarget(), outcome.getCorrectTarget()) ? Verdict.CORRECT : Verdict.WRONG;
        }
        return outcome.getCorrect() == null ? Verdict.UNKNOWN : outcome.getCorrect() ? Verdict.CORRECT : Verdict.WRONG;
    }

    private DecisionRef lookup(String key) {
        DecisionRef found = null;
        try (WindowStoreIterator<DecisionRef> refs = index.fetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            while (refs.hasNext()) {
                found = refs.next().value;
            }
        }
        return found;
    }

    private void release(String key, DecisionRef ref) {
        List<KeyValue<String, PendingOutcome>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, PendingOutcome> held = pending.prefixScan(key + PENDING_SEPARATOR, new StringSerializer())) {
            held.forEachRemaining(waiting::add);
        }
        DecisionRef current = ref;
        for (KeyValue<String, PendingOutcome> entry : waiting) {
            pending.delete(entry.key);
            judge(key, current, entry.value.outcome(), entry.value.outcome().getTimestamp().toEpochMilli(), entry.value);
            current = lookup(key);
        }
    }

    private void forward(CascadeFact fact) {
        context().forward(new Record<>(fact.tenant(), JoinResult.of(fact), fact.decisionMs()));
    }

    private void refuse(RoutingOutcome outcome, String reason, PendingOutcome held, long timestamp) {
        refused.record(reason);
        RecordHeaders headers = new RecordHeaders();
        if (held != null) {
            DlqHeaders.mark(headers, reason, held.sourceTopic(), held.sourcePartition(), held.sourceOffset(), context().currentSystemTimeMs());
        } else {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            DlqHeaders.mark(headers, reason, source.topic(), source.partition(), source.offset(), context().currentSystemTimeMs());
        }
        context().forward(new Record<>(outcome.getDecisionId(), JoinResult.refused(outcome), timestamp, headers));
    }

    /** Sends every outcome that waited longer than the hold time for its decision to the DLQ. */
    void expire(long wallClockMs) {
        List<KeyValue<String, PendingOutcome>> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingOutcome> waiting = pending.all()) {
            waiting.forEachRemaining(entry -> {
                if (entry.value.arrivedAtMs() + holdMs <= wallClockMs) {
                    expired.add(entry);
                }
            });
        }
        for (KeyValue<String, PendingOutcome> entry : expired) {
            pending.delete(entry.key);
            RoutingOutcome outcome = entry.value.outcome();
            refuse(outcome, "decision not found: no decision " + outcome.getDecisionId() + " of tenant " + outcome.getTenant()
                    + " within the join horizon, nor within " + Duration.ofMillis(holdMs) + " of this outcome", entry.value,
                    outcome.getTimestamp().toEpochMilli());
        }
    }

    static String indexKey(String tenant, String decisionId) {
        return tenant + '|' + decisionId;
    }
}
