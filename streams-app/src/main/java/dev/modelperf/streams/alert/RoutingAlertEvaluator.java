package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingKey;
import dev.modelperf.streams.stores.RoutingStats;
import dev.modelperf.streams.stores.RoutingStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Evaluates the routing alert rules once per closed minute, beside the routing aggregator (same
 * task, reading its 1-minute store): a minute is closed {@code closeDelay} after it ends, as call
 * minutes are folded, and each minute is judged once (the newest judged minute is kept in the
 * state store). For each rule and each tenant (and layer, for per-layer signals) with decisions in
 * the span, the span's minutes are merged, judged against the threshold, and stepped through the
 * same {@link RuleState} machine as call rules, so alerts fire once and resolve once.
 */
public final class RoutingAlertEvaluator extends ContextualProcessor<Void, Void, String, Alert> {

    /** Per rule|tenant|layer, every pending or firing routing alert of this task. */
    public static final String STATE_STORE = "routing-alert-state";
    /** The start of the first minute not judged yet, under {@link #PROGRESS_KEY}. */
    public static final String PROGRESS_STORE = "routing-alert-progress";
    private static final String PROGRESS_KEY = "judged-until";
    private static final long MINUTE_MS = Resolution.MINUTE.sizeMs();

    private final List<AlertRule> rules;
    private final Map<String, AlertRule> rulesByName = new HashMap<>();
    private final long closeDelayMs;
    private final Duration checkInterval;
    private final int longestSpan;
    /** The distinct spans of the rules, so that rules sharing one merge it once. */
    private final Set<Integer> spans;
    private WindowStore<String, RoutingStats> minutes;
    private KeyValueStore<String, RuleState> states;
    private KeyValueStore<String, Long> progress;

    public RoutingAlertEvaluator(List<AlertRule> rules, Duration closeDelay, Duration checkInterval) {
        this.rules = rules.stream().filter(rule -> rule.signal() instanceof RoutingSignal).toList();
        this.rules.forEach(rule -> rulesByName.put(rule.name(), rule));
        this.closeDelayMs = closeDelay.toMillis();
        this.checkInterval = checkInterval;
        this.longestSpan = this.rules.stream().mapToInt(AlertRule::spanMinutes).max().orElse(1);
        this.spans = this.rules.stream().map(AlertRule::spanMinutes).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        minutes = context.getStateStore(RoutingStores.storeName(Resolution.MINUTE));
        states = context.getStateStore(STATE_STORE);
        progress = context.getStateStore(PROGRESS_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::judgeClosedMinutes);
    }

    @Override
    public void process(Record<Void, Void> record) {
        // Nothing flows in: the routing aggregator updates the store, this processor reads it when minutes close.
    }

    /** Judges every minute closed since the last call, at most the newest {@link AlertEvaluator#CATCH_UP_MINUTES}. */
    void judgeClosedMinutes(long wallClockMs) {
        long closedUntil = Resolution.MINUTE.windowStart(wallClockMs - closeDelayMs);
        Long judgedUntil = progress.get(PROGRESS_KEY);
        long from = Math.max(judgedUntil == null ? Long.MIN_VALUE : judgedUntil, closedUntil - AlertEvaluator.CATCH_UP_MINUTES * MINUTE_MS);
        if (from >= closedUntil || rules.isEmpty()) {
            return;
        }
        for (long minute = from; minute < closedUntil; minute += MINUTE_MS) {
            evaluate(minute, wallClockMs);
        }
        progress.put(PROGRESS_KEY, closedUntil);
    }

    /** The aggregate of each tenant|layer key over the last {@code span} minutes ending with {@code minute}. */
    private Map<Integer, Map<String, RoutingStats>> spans(long minute) {
        Map<Integer, Map<String, RoutingStats>> bySpan = new HashMap<>();
        long from = minute - (longestSpan - 1) * MINUTE_MS;
        try (KeyValueIterator<Windowed<String>, RoutingStats> windows = minutes.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(minute))) {
            while (windows.hasNext()) {
                KeyValue<Windowed<String>, RoutingStats> window = windows.next();
                long age = (minute - window.key.window().start()) / MINUTE_MS;
                for (int span : spans) {
                    if (age < span) {
                        bySpan.computeIfAbsent(span, s -> new HashMap<>())
                                .computeIfAbsent(window.key.key(), key -> new RoutingStats()).merge(window.value);
                    }
                }
            }
        }
        return bySpan;
    }

    void evaluate(long minute, long now) {
        Map<Integer, Map<String, RoutingStats>> spans = spans(minute);
        Set<String> judged = new HashSet<>();
        for (AlertRule rule : rules) {
            RoutingSignal signal = (RoutingSignal) rule.signal();
            for (Map.Entry<String, RoutingStats> entry : spans.getOrDefault(rule.spanMinutes(), Map.of()).entrySet()) {
                RoutingKey key = RoutingKey.decode(entry.getKey());
                RoutingStats stats = entry.getValue();
                if (key.isCascade() == signal.perLayer() || (rule.tenant() != null && !rule.tenant().equals(key.tenant()))
                        || (rule.layer() != 0 && Math.round(stats.meanPosition()) + 1 != rule.layer())) {
                    continue;
                }
                String stateKey = rule.name() + '|' + key.encode();
                judged.add(stateKey);
                step(rule, key, stateKey, judge(rule, stats), minute, now);
            }
        }
        List<KeyValue<String, RuleState>> unjudged = new ArrayList<>();
        try (KeyValueIterator<String, RuleState> active = states.all()) {
            active.forEachRemaining(entry -> {
                if (!judged.contains(entry.key)) {
                    unjudged.add(entry);
                }
            });
        }
        for (KeyValue<String, RuleState> entry : unjudged) {
            int separator = entry.key.indexOf('|');
            AlertRule rule = rulesByName.get(entry.key.substring(0, separator));
            RoutingKey key = RoutingKey.decode(entry.key.substring(separator + 1));
            if (rule == null) {
                states.delete(entry.key);
            } else {
                step(rule, key, entry.key, Verdict.notJudged(Double.NaN, 0, null), minute, now);
            }
        }
    }

    private static Verdict judge(AlertRule rule, RoutingStats stats) {
        RoutingSignal signal = (RoutingSignal) rule.signal();
        long samples = signal.samples(stats);
        double value = samples == 0 ? Double.NaN : signal.value(stats);
        AlertRule.Threshold threshold = (AlertRule.Threshold) rule.condition();
        return samples < rule.minSamples() ? Verdict.notJudged(value, samples, null)
                : new Verdict(true, threshold.breached(value), value, samples, threshold.value(), null);
    }

    private void step(AlertRule rule, RoutingKey key, String stateKey, Verdict verdict, long minute, long now) {
        RuleState before = states.get(stateKey);
        RuleState.Step step = RuleState.next(before, verdict.breach(), minute, rule.forMinutes(), rule.resolveMinutes());
        switch (step.transition()) {
            case FIRED -> emit(RoutingAlerts.firing(rule, key.tenant(), key.layerId(), verdict, step.next().startedAt(), now));
            case RESOLVED -> emit(RoutingAlerts.resolved(rule, key.tenant(), key.layerId(), verdict, before.startedAt(), now));
            case NONE -> {
            }
        }
        if (step.next() == null) {
            if (before != null) {
                states.delete(stateKey);
            }
        } else if (!step.next().equals(before)) {
            states.put(stateKey, step.next());
        }
    }

    private void emit(Alert alert) {
        context().forward(new Record<>(alert.getFingerprint(), alert, alert.getEmittedAt().toEpochMilli()));
    }
}
