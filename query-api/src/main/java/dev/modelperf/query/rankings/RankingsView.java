package dev.modelperf.query.rankings;

import dev.modelperf.query.UnavailableException;
import dev.modelperf.query.cluster.Part;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import dev.modelperf.streams.stores.StatsReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rankings kept ready for the request path: per (tenant, window, category level), the figures of
 * every model this instance holds, so that an answer is a map lookup and a small sort instead of
 * a scan of windows.
 *
 * <p>One background thread keeps it current. It reads every window from the stores, except its
 * last {@value #LIVE_MINUTES} minutes, and keeps those aggregates; every refresh interval it reads
 * the last {@value #LIVE_MINUTES} minutes (where calls still arrive, late or not) and merges them
 * in. The full read is redone at each minute boundary, and in between at most every
 * {@value #REBUILD_MIN_SECONDS} s and only as often as it costs at most 1/{@value #REBUILD_COST_FACTOR}
 * of the thread's time (a full read allocates every aggregate it decodes, and the collector's pauses
 * land on the request path), so a call later than that shows within 15 s on a small deployment and
 * within a minute on any.
 * Memory holds one aggregate per window and per key (tenant, category level, model) active in it.
 *
 * <p>Each model's figures carry its calls weighted by age for the estimates to learn from: a
 * window's calls count ½ per half-life between the window's time (its middle, or its newest call if
 * earlier) and the newest call of the model at that level, so a model is judged mostly on what it
 * did lately, and an outage it recovered from fades as new calls come in. Ages count from the
 * data, not the clock, so every instance and every refresh gives the same figures for the same calls.
 *
 * <p>Each snapshot says which partitions it was built from: it is built only while the app is
 * RUNNING and discarded if the assignment changed during the build, so that a caller merging
 * several instances can tell a complete answer from a partial one.
 */
public final class RankingsView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RankingsView.class);
    private static final long MINUTE_MS = Resolution.MINUTE.sizeMs();
    /** Recent minutes re-read at every refresh: late calls within them show at once. */
    static final int LIVE_MINUTES = 10;
    /** A full read waits this many times its own duration before the next one (unless a minute starts). */
    static final int REBUILD_COST_FACTOR = 50;
    /** The shortest time between two full reads within a minute. */
    static final int REBUILD_MIN_SECONDS = 15;

    private final StatsReader reader;
    private final Supplier<Optional<Set<Integer>>> assignment;
    private final Clock clock;
    private final Duration refreshInterval;
    private final long halfLifeMs;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelperf-rankings-view");
        thread.setDaemon(true);
        return thread;
    });

    /** Touched by the refresher thread only. */
    private Map<RankingWindow, Base> bases = Map.of();
    private long builtForMinute = -1;
    private long nextRebuildMs;
    private Set<Integer> builtForPartitions = Set.of();

    private volatile Snapshot snapshot;

    /** {@code assignment}: the partitions this instance holds now, empty unless RUNNING ({@code LocalAssignment}). */
    public RankingsView(StatsReader reader, Supplier<Optional<Set<Integer>>> assignment, Clock clock, Duration refreshInterval,
                        Duration halfLife) {
        this.reader = reader;
        this.assignment = assignment;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.halfLifeMs = halfLife.toMillis();
    }

    public RankingsView start() {
        refresher.scheduleWithFixedDelay(this::refreshLogged, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * The figures per category level of {@code categories}; empty while no snapshot is ready, or
     * when the last one is older than {@link #staleAfter()} (a long rebalance, stores that cannot
     * be read): an answer that old is no longer the state of the models.
     */
    public Optional<Slice> slice(String tenant, RankingWindow window, List<String> categories) {
        return fresh().map(current -> slice(current, tenant, window, categories));
    }

    private static Slice slice(Snapshot current, String tenant, RankingWindow window, List<String> categories) {
        Map<String, Map<String, List<ModelFigures>>> byTenant = current.figures().getOrDefault(window, Map.of());
        Map<String, List<ModelFigures>> byCategory = byTenant.getOrDefault(tenant, Map.of());
        Map<String, List<ModelFigures>> wanted = new LinkedHashMap<>();
        for (String category : categories) {
            wanted.put(category, byCategory.getOrDefault(category, List.of()));
        }
        return new Slice(current.partitions(), current.asOfMs(), wanted);
    }

    /**
     * Every tenant's figures of {@code window} per category level, and the partitions they were
     * built from: what this instance publishes for routers deciding in-process. Empty like
     * {@link #slice}.
     */
    public Optional<Published> published(RankingWindow window) {
        return fresh().map(current -> new Published(current.partitions(), current.asOfMs(),
                current.figures().getOrDefault(window, Map.of())));
    }

    /** The last snapshot unless it is older than {@link #staleAfter()}. */
    private Optional<Snapshot> fresh() {
        Snapshot current = snapshot;
        if (current == null || clock.millis() - current.asOfMs() > staleAfter().toMillis()) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    /** When the ready-made figures were last taken, epoch milliseconds; 0 before the first. */
    public long asOfMs() {
        Snapshot current = snapshot;
        return current == null ? 0 : current.asOfMs();
    }

    /** How old a snapshot may be and still answer: ten refresh intervals, and at least 30 s. */
    public Duration staleAfter() {
        return Collections.max(List.of(refreshInterval.multipliedBy(10), Duration.ofSeconds(30)));
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (UnavailableException | InvalidStateStoreException e) {
            // The app may start rebalancing between the state check and the read; the next tick retries.
            log.debug("Rankings view not refreshed: {}", e.toString());
        } catch (RuntimeException e) {
            // Caught so that the schedule goes on: an exception escaping would cancel it for good.
            log.warn("Rankings view not refreshed; answers keep the previous figures until they are stale", e);
        }
    }

    /** One refresh: rebuild at a new minute or a new assignment, then merge in the live minutes. */
    void refresh() {
        Optional<Set<Integer>> partitions = assignment.get();
        if (partitions.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long minute = Resolution.MINUTE.windowStart(now);
        if (minute != builtForMinute || !partitions.get().equals(builtForPartitions) || now >= nextRebuildMs) {
            long started = System.nanoTime();
            rebuildBases(minute);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            nextRebuildMs = now + Math.max(REBUILD_MIN_SECONDS * 1000L, REBUILD_COST_FACTOR * tookMs);
        }
        Map<StatsKey, CallStats> live = new HashMap<>();
        Map<StatsKey, DecayedEvidence> liveEvidence = new HashMap<>();
        reader.scanAllTenants(liveFrom(minute), now, Resolution.MINUTE, (key, resolution, start, stats) -> {
            live.computeIfAbsent(key, k -> new CallStats()).merge(stats);
            liveEvidence.merge(key, weighted(stats, start, resolution), (a, b) -> a.plus(b, halfLifeMs));
        });
        if (!assignment.get().equals(partitions) || !partitions.get().equals(builtForPartitions)) {
            return;
        }
        Map<RankingWindow, Map<String, Map<String, List<ModelFigures>>>> figures = new EnumMap<>(RankingWindow.class);
        bases.forEach((window, base) -> {
            Map<StatsKey, ModelFigures> current = new HashMap<>(base.figures());
            live.forEach((key, recent) -> {
                CallStats closed = base.stats().get(key);
                CallStats merged = closed == null ? recent : new CallStats().merge(closed).merge(recent);
                DecayedEvidence evidence = base.evidence().getOrDefault(key, DecayedEvidence.NONE)
                        .plus(liveEvidence.get(key), halfLifeMs);
                current.put(key, StatsFigures.of(key.model(), merged).withEvidence(evidence.evidence()));
            });
            figures.put(window, grouped(current));
        });
        snapshot = new Snapshot(partitions.get(), now, figures);
    }

    private static long liveFrom(long minute) {
        return minute - (LIVE_MINUTES - 1) * MINUTE_MS;
    }

    private void rebuildBases(long minute) {
        Optional<Set<Integer>> before = assignment.get();
        Map<RankingWindow, Base> rebuilt = new EnumMap<>(RankingWindow.class);
        for (RankingWindow window : RankingWindow.values()) {
            Map<StatsKey, CallStats> stats = new HashMap<>();
            Map<StatsKey, DecayedEvidence> evidence = new HashMap<>();
            reader.scanAllTenants(minute - window.span().toMillis() + MINUTE_MS, liveFrom(minute) - 1, Resolution.DAY,
                    (key, resolution, start, value) -> {
                        stats.computeIfAbsent(key, k -> new CallStats()).merge(value);
                        evidence.merge(key, weighted(value, start, resolution), (a, b) -> a.plus(b, halfLifeMs));
                    });
            Map<StatsKey, ModelFigures> figures = new HashMap<>();
            stats.forEach((key, value) -> figures.put(key,
                    StatsFigures.of(key.model(), value).withEvidence(evidence.get(key).evidence())));
            rebuilt.put(window, new Base(stats, figures, evidence));
        }
        if (before.isEmpty() || !assignment.get().equals(before)) {
            builtForMinute = -1;
            return;
        }
        bases = rebuilt;
        builtForMinute = minute;
        builtForPartitions = before.get();
    }

    /**
     * A window's calls as evidence as of the window's middle, or of its newest call if that is
     * earlier (a window in progress); a window with feedback only, as of its middle.
     */
    private static DecayedEvidence weighted(CallStats stats, long windowStartMs, Resolution resolution) {
        long middle = windowStartMs + resolution.sizeMs() / 2;
        return new DecayedEvidence(StatsFigures.evidence(stats), stats.count() == 0 ? middle : Math.min(middle, stats.lastCallMs()));
    }

    private static Map<String, Map<String, List<ModelFigures>>> grouped(Map<StatsKey, ModelFigures> figures) {
        Map<String, Map<String, List<ModelFigures>>> byTenant = new HashMap<>();
        figures.forEach((key, value) -> byTenant.computeIfAbsent(key.tenant(), t -> new HashMap<>())
                .computeIfAbsent(key.category(), c -> new ArrayList<>())
                .add(value));
        byTenant.values().forEach(byCategory -> byCategory.replaceAll((category, models) -> {
            models.sort(Comparator.comparing(ModelFigures::model));
            return List.copyOf(models);
        }));
        return byTenant;
    }

    /** A window's aggregates before its live minutes, their figures, and their evidence by age, per key. */
    private record Base(Map<StatsKey, CallStats> stats, Map<StatsKey, ModelFigures> figures,
                        Map<StatsKey, DecayedEvidence> evidence) {
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** What this instance knows for one request, and from which partitions. */
    public record Slice(Set<Integer> partitions, long asOfMs, Map<String, List<ModelFigures>> byCategory) implements Part {
    }

    /** One window's figures per tenant and category level, built from {@code partitions} as of {@code asOfMs}. */
    public record Published(Set<Integer> partitions, long asOfMs, Map<String, Map<String, List<ModelFigures>>> byTenant) {
    }

    private record Snapshot(Set<Integer> partitions, long asOfMs,
                            Map<RankingWindow, Map<String, Map<String, List<ModelFigures>>>> figures) {
    }
}
