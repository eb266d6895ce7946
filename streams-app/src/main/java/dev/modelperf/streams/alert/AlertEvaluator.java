package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.aggregate.ClosedMinutes;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Evaluates the alert rules once per closed minute, when the aggregator folds it, never per call:
 * for each rule and each (tenant, category level, model) with calls in the rule's span, it merges
 * the span's leaf 1-minute aggregates, judges the figure, and steps the scope's {@link RuleState}.
 * Scopes are partition-local (calls are keyed by tenant and model), so each alert has exactly one
 * owner. State lives in two changelogged stores: the state machine of every non-OK scope, and the
 * per-minute baselines of anomaly rules.
 */
public final class AlertEvaluator extends ContextualProcessor<Void, ClosedMinutes, String, Alert> {

    /** Per rule|tenant|category|model, the state of every pending or firing alert of this task. */
    public static final String STATE_STORE = "alert-rule-state";
    /** Per rule|tenant|category|model, the per-minute figures of anomaly rules. */
    public static final String BASELINE_STORE = "alert-baselines";
    /**
     * After a pause (a restart, or the first fold of a new application), only this many of the
     * newest closed minutes are evaluated: older ones would raise alerts about the past.
     */
    static final int CATCH_UP_MINUTES = 60;
    private static final long MINUTE_MS = Resolution.MINUTE.sizeMs();

    private final List<AlertRule> rules;
    private final Map<String, AlertRule> rulesByName = new HashMap<>();
    /** The distinct (category level, span) aggregates the rules need, so rules sharing one merge it once. */
    private final List<LevelSpan> needs;
    private final int longestSpan;
    private WindowStore<String, CallStats> minutes;
    private KeyValueStore<String, RuleState> states;
    private KeyValueStore<String, Baseline> baselines;

    private record LevelSpan(String level, int spanMinutes) {
    }

    /** The aggregate of one scope over the last {@code spanMinutes} minutes. */
    private record Scope(int spanMinutes, String tenant, String level, String model) {
    }

    public AlertEvaluator(List<AlertRule> rules) {
        this.rules = rules.stream().filter(rule -> rule.signal() instanceof CallSignal).toList();
        Set<LevelSpan> needed = new HashSet<>();
        int longest = 1;
        for (AlertRule rule : this.rules) {
            rulesByName.put(rule.name(), rule);
            for (String level : rule.categories()) {
                needed.add(new LevelSpan(level, rule.spanMinutes()));
                if (rule.condition() instanceof AlertRule.Anomaly) {
                    needed.add(new LevelSpan(level, 1));
                }
            }
            longest = Math.max(longest, rule.spanMinutes());
        }
        this.needs = List.copyOf(needed);
        this.longestSpan = longest;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        minutes = context.getStateStore(Resolution.MINUTE.storeName());
        states = context.getStateStore(STATE_STORE);
        baselines = context.getStateStore(BASELINE_STORE);
    }

    @Override
    public void process(Record<Void, ClosedMinutes> record) {
        ClosedMinutes closed = record.value();
        long from = Math.max(closed.fromMs(), closed.untilMs() - CATCH_UP_MINUTES * MINUTE_MS);
        for (long minute = from; minute < closed.untilMs(); minute += MINUTE_MS) {
            evaluate(minute, record.timestamp());
        }
    }

    /** Judges every rule at the minute starting at {@code minute}; {@code now} stamps the alerts. */
    void evaluate(long minute, long now) {
        Map<Scope, CallStats> spans = aggregate(minute);
        Set<String> judged = new HashSet<>();
        for (AlertRule rule : rules) {
            for (Map.Entry<Scope, CallStats> span : spans.entrySet()) {
                Scope scope = span.getKey();
                if (scope.spanMinutes() == rule.spanMinutes() && rule.categories().contains(scope.level())
                        && rule.covers(scope.tenant(), scope.model())) {
                    String key = stateKey(rule.name(), scope.tenant(), scope.level(), scope.model());
                    judged.add(key);
                    CallStats lastMinute = spans.get(new Scope(1, scope.tenant(), scope.level(), scope.model()));
                    step(rule, scope, key, judge(rule, key, span.getValue(), lastMinute, minute), minute, now);
                }
            }
        }
        stepUnjudged(judged, minute, now);
        if (minute % Resolution.HOUR.sizeMs() == 0) {
            dropStaleBaselines(minute);
        }
    }

    /** Merges the leaf minutes of the longest span into every (level, span) aggregate a rule needs. */
    private Map<Scope, CallStats> aggregate(long minute) {
        Map<Scope, CallStats> spans = new HashMap<>();
        if (needs.isEmpty()) {
            return spans;
        }
        long from = minute - (longestSpan - 1) * MINUTE_MS;
        try (KeyValueIterator<Windowed<String>, CallStats> windows = minutes.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(minute))) {
            while (windows.hasNext()) {
                KeyValue<Windowed<String>, CallStats> window = windows.next();
                StatsKey leaf = StatsKey.decode(window.key.key());
                long age = (minute - window.key.window().start()) / MINUTE_MS;
                for (LevelSpan need : needs) {
                    if (age < need.spanMinutes() && CategoryPath.covers(need.level(), leaf.category())) {
                        spans.computeIfAbsent(new Scope(need.spanMinutes(), leaf.tenant(), need.level(), leaf.model()), s -> new CallStats())
                                .merge(window.value);
                    }
                }
            }
        }
        return spans;
    }

    private Verdict judge(AlertRule rule, String key, CallStats span, CallStats lastMinute, long minute) {
        CallSignal signal = (CallSignal) rule.signal();
        long samples = signal.samples(span);
        double value = samples == 0 ? Double.NaN : signal.value(span);
        if (rule.condition() instanceof AlertRule.Threshold threshold) {
            return samples < rule.minSamples() ? Verdict.notJudged(value, samples, null)
                    : new Verdict(true, threshold.breached(value), value, samples, threshold.value(), null);
        }
        AlertRule.Anomaly anomaly = (AlertRule.Anomaly) rule.condition();
        int thisMinute = (int) (minute / MINUTE_MS);
        int spanStart = thisMinute - rule.spanMinutes() + 1;
        Baseline baseline = baselines.get(key);
        if (baseline == null) {
            baseline = Baseline.empty();
        }
        Baseline.Spread spread = baseline.spread(spanStart - anomaly.baselineMinutes(), spanStart - 1);
        if (lastMinute != null && signal.samples(lastMinute) >= rule.minSamplesPerMinute()) {
            baselines.put(key, baseline.with(thisMinute, signal.value(lastMinute), spanStart - anomaly.baselineMinutes()));
        }
        if (samples < rule.minSamples() || spread.size() < anomaly.minBaselineMinutes()) {
            return Verdict.notJudged(value, samples, spread);
        }
        double sigma = Math.max(Math.max(spread.sigma(), anomaly.minDeviation()),
                Math.max(anomaly.minRelativeDeviation() * Math.abs(spread.median()), Double.MIN_NORMAL));
        double limit = spread.median() + (signal.higherIsWorse() ? 1 : -1) * anomaly.z() * sigma;
        boolean breach = signal.higherIsWorse() ? value > limit : value < limit;
        return new Verdict(true, breach, value, samples, limit, spread);
    }

    private void step(AlertRule rule, Scope scope, String key, Verdict verdict, long minute, long now) {
        RuleState before = states.get(key);
        RuleState.Step step = RuleState.next(before, verdict.breach(), minute, rule.forMinutes(), rule.resolveMinutes());
        switch (step.transition()) {
            case FIRED -> emit(RuleAlerts.firing(rule, scope.tenant(), scope.level(), scope.model(), verdict,
                    step.next().startedAt(), now));
            case RESOLVED -> emit(RuleAlerts.resolved(rule, scope.tenant(), scope.level(), scope.model(), verdict,
                    before.startedAt(), now));
            case NONE -> {
            }
        }
        if (step.next() == null) {
            if (before != null) {
                states.delete(key);
            }
        } else if (!step.next().equals(before)) {
            states.put(key, step.next());
        }
    }

    /**
     * A pending or firing scope without calls in its span this minute is not breaching: pending
     * ends, firing counts toward resolving. A scope whose rule has left the configuration resolves.
     */
    private void stepUnjudged(Set<String> judged, long minute, long now) {
        List<KeyValue<String, RuleState>> unjudged = new ArrayList<>();
        try (KeyValueIterator<String, RuleState> active = states.all()) {
            active.forEachRemaining(entry -> {
                if (!judged.contains(entry.key)) {
                    unjudged.add(entry);
                }
            });
        }
        for (KeyValue<String, RuleState> entry : unjudged) {
            String[] parts = parseStateKey(entry.key);
            AlertRule rule = rulesByName.get(parts[0]);
            if (rule == null) {
                if (entry.value.firing()) {
                    emit(RuleAlerts.ruleRemoved(parts[0], parts[1], parts[2], parts[3], entry.value.startedAt(), now));
                }
                states.delete(entry.key);
            } else {
                Verdict silence = Verdict.notJudged(Double.NaN, 0, null);
                step(rule, new Scope(rule.spanMinutes(), parts[1], parts[2], parts[3]), entry.key, silence, minute, now);
            }
        }
    }

    /** Once an hour: a scope silent for longer than its rule's baseline has nothing left to compare with. */
    private void dropStaleBaselines(long minute) {
        List<String> stale = new ArrayList<>();
        int thisMinute = (int) (minute / MINUTE_MS);
        try (KeyValueIterator<String, Baseline> all = baselines.all()) {
            all.forEachRemaining(entry -> {
                AlertRule rule = rulesByName.get(parseStateKey(entry.key)[0]);
                if (!(rule != null && rule.condition() instanceof AlertRule.Anomaly anomaly)
                        || entry.value.newestMinute() < thisMinute - rule.spanMinutes() - anomaly.baselineMinutes()) {
                    stale.add(entry.key);
                }
            });
        }
        stale.forEach(baselines::delete);
    }

    private void emit(Alert alert) {
        context().forward(new Record<>(alert.getFingerprint(), alert, alert.getEmittedAt().toEpochMilli()));
    }

    /** Rule names, tenants and category paths cannot hold '|', so the model (which may) comes last. */
    static String stateKey(String rule, String tenant, String level, String model) {
        return rule + '|' + tenant + '|' + level + '|' + model;
    }

    private static String[] parseStateKey(String key) {
        return key.split("\\|", 4);
    }
}
