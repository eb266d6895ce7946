package dev.modelperf.query.ingest;

import dev.modelperf.events.ModelCall;
import dev.modelperf.query.cluster.Instances;
import dev.modelperf.streams.limit.LimitSettings;
import dev.modelperf.streams.limit.LimitTopology;
import dev.modelperf.streams.limit.NameBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Checks a batch against the tenants' names as the stream holds them, in the
 * {@value LimitTopology#TENANT_NAMES} store of the instance that owns each tenant's partition,
 * in the batch's order, as the stream will judge it. Only a tenant whose names this instance holds
 * is checked; another instance's tenant, or a store still restoring, is left to the stream, which
 * is the authority either way: a call that passes here and loses a race with another request for
 * the last free name goes to the DLQ there. Nothing here writes a name.
 */
public final class TenantNameLimits implements NameLimits {

    private final KafkaStreams streams;
    private final Instances instances;
    private final LimitSettings limits;

    public TenantNameLimits(KafkaStreams streams, Instances instances, LimitSettings limits) {
        this.streams = streams;
        this.instances = instances;
        this.limits = limits;
    }

    @Override
    public List<FieldError> refusals(List<ModelCall> calls) {
        Optional<ReadOnlyKeyValueStore<String, Long>> names = localNames();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, Boolean> heldHere = new HashMap<>();
        NameBudget budget = new NameBudget(names.get(), limits);
        List<FieldError> refusals = new ArrayList<>();
        try {
            for (int i = 0; i < calls.size(); i++) {
                ModelCall call = calls.get(i);
                if (!heldHere.computeIfAbsent(call.getTenant(), this::holds)) {
                    continue;
                }
                NameBudget.Refusal refusal = budget.admit(call.getTenant(), call.getModel(), call.getCategory(),
                        call.getTimestamp().toEpochMilli());
                if (refusal != null) {
                    refusals.add(new FieldError(i, refusal.field(), refusal.message()));
                }
            }
        } catch (InvalidStateStoreException e) {
            // The store moved or is restoring: the stream decides.
            return List.of();
        }
        return refusals;
    }

    private boolean holds(String tenant) {
        try {
            return instances.ownerOf(LimitTopology.TENANT_NAMES, tenant).isLocal();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // No metadata yet (not running, or rebalancing): the stream decides.
            return false;
        }
    }

    private Optional<ReadOnlyKeyValueStore<String, Long>> localNames() {
        try {
            return Optional.of(streams.store(StoreQueryParameters.fromNameAndType(LimitTopology.TENANT_NAMES,
                    QueryableStoreTypes.<String, Long>keyValueStore())));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }
}
