package dev.modelperf.routing.rating;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pairwise results of many comparisons, counted per pair of models: decisive wins each way and
 * ties. It is all a Bradley–Terry fit and its sandwich intervals need, so the comparisons
 * themselves need not be kept; matrices of days merge into the matrix of a window.
 *
 * <p>Bounded: it holds at most {@code maxModels} models, those in the most comparisons. When a
 * comparison brings a model that does not fit, the held models that are not in that comparison
 * and were in the fewest comparisons (then the alphabetically first) leave with all their pairs,
 * so a newcomer always gets in and a model that keeps taking part stays. A merge keeps the
 * {@code maxModels} models in the most comparisons of both. Memory is thus at most
 * {@code maxModels²/2} pairs whatever the traffic.
 */
public final class PairwiseMatrix {

    private static final byte FORMAT = 3;
    /** Weights in thirds: written before winner-only comparisons were weighed (they are 1 there, as then). */
    private static final byte FORMAT_WEIGHTS_IN_THIRDS = 2;
    /** Counts only: every result weighed one in the intervals. */
    private static final byte FORMAT_WITHOUT_WEIGHTS = 1;
    private static final int SLOTS = 6;

    private final int maxModels;
    private long comparisons;
    /** Per model: the comparisons it took part in. */
    private final Map<String, Long> models = new HashMap<>();
    /**
     * Per pair (first < second): first's decisive wins, second's decisive wins, ties; then the same
     * three weighed by how correlated each result is with the rest of its comparison, in sixths
     * ({@link PairwiseRule#varianceWeightSixths}), for the intervals.
     */
    private final Map<Pair, long[]> pairs = new HashMap<>();

    public PairwiseMatrix(int maxModels) {
        if (maxModels < 2) {
            throw new IllegalArgumentException("a pairwise matrix must hold at least 2 models (was " + maxModels + ")");
        }
        this.maxModels = maxModels;
    }

    /** Two models, alphabetically ordered. */
    private record Pair(String first, String second) {
        static Pair of(String a, String b) {
            return a.compareTo(b) < 0 ? new Pair(a, b) : new Pair(b, a);
        }

        boolean involves(String model) {
            return first.equals(model) || second.equals(model);
        }
    }

    /** Reads every pairwise result of one comparison by {@link PairwiseRule}; returns how many models it evicted. */
    public int add(Comparison comparison) {
        List<String> present = comparison.getEntries().stream().map(ComparisonEntry::getModel).toList();
        if (present.size() > maxModels) {
            throw new IllegalArgumentException("a comparison of " + present.size() + " models cannot fit a matrix of "
                    + maxModels + " models");
        }
        int evicted = admit(Set.copyOf(present));
        comparisons++;
        present.forEach(model -> models.merge(model, 1L, Long::sum));
        int weightSixths = PairwiseRule.varianceWeightSixths(comparison);
        for (PairResult result : PairwiseRule.results(comparison)) {
            record(result, weightSixths);
        }
        return evicted;
    }

    private void record(PairResult result, int weightSixths) {
        Pair pair = Pair.of(result.first(), result.second());
        long[] counts = pairs.computeIfAbsent(pair, p -> new long[SLOTS]);
        boolean firstIsPairFirst = pair.first().equals(result.first());
        int slot = switch (result.outcome()) {
            case FIRST -> firstIsPairFirst ? 0 : 1;
            case SECOND -> firstIsPairFirst ? 1 : 0;
            case TIE -> 2;
        };
        counts[slot]++;
        counts[slot + 3] += weightSixths;
    }

    private int admit(Set<String> present) {
        long newcomers = present.stream().filter(model -> !models.containsKey(model)).count();
        int overflow = (int) (models.size() + newcomers - maxModels);
        if (overflow <= 0) {
            return 0;
        }
        List<String> leaving = models.entrySet().stream()
                .filter(entry -> !present.contains(entry.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(overflow)
                .map(Map.Entry::getKey)
                .toList();
        leaving.forEach(this::remove);
        return leaving.size();
    }

    private void remove(String model) {
        models.remove(model);
        pairs.keySet().removeIf(pair -> pair.involves(model));
    }

    /** Adds {@code other}'s counts to this one's, then keeps the {@code maxModels} models in the most comparisons. */
    public void merge(PairwiseMatrix other) {
        comparisons += other.comparisons;
        other.models.forEach((model, count) -> models.merge(model, count, Long::sum));
        other.pairs.forEach((pair, counts) -> {
            long[] mine = pairs.computeIfAbsent(pair, p -> new long[SLOTS]);
            for (int i = 0; i < SLOTS; i++) {
                mine[i] += counts[i];
            }
        });
        int overflow = models.size() - maxModels;
        if (overflow > 0) {
            models.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .limit(overflow)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(this::remove);
        }
    }

    /** Comparisons folded in, including those that held no pairwise result. */
    public long comparisons() {
        return comparisons;
    }

    /** Pairwise results counted (each tie once). */
    public long results() {
        return pairs.values().stream().mapToLong(counts -> counts[0] + counts[1] + counts[2]).sum();
    }

    /** The models held, alphabetically. */
    public List<String> models() {
        return models.keySet().stream().sorted().toList();
    }

    /** The comparisons {@code model} took part in; 0 when it is not held. */
    public long comparisonsOf(String model) {
        return models.getOrDefault(model, 0L);
    }

    /**
     * What one pair's results are; {@code first} sorts before {@code second}. The {@code …Sixths}
     * are the same results weighed for the intervals, in sixths (six per independent result).
     */
    public record PairCounts(String first, String second, long firstWins, long secondWins, long ties, long firstWinsSixths,
                             long secondWinsSixths, long tiesSixths) {

        /** Results that are each independent of the others. */
        public PairCounts(String first, String second, long firstWins, long secondWins, long ties) {
            this(first, second, firstWins, secondWins, ties, 6 * firstWins, 6 * secondWins, 6 * ties);
        }
    }

    /** Every pair with at least one result, in a fixed order. */
    public List<PairCounts> pairs() {
        List<PairCounts> all = new ArrayList<>(pairs.size());
        pairs.forEach((pair, counts) -> all.add(new PairCounts(pair.first(), pair.second(), counts[0], counts[1], counts[2],
                counts[3], counts[4], counts[5])));
        all.sort(Comparator.comparing(PairCounts::first).thenComparing(PairCounts::second));
        return all;
    }

    public boolean isEmpty() {
        return comparisons == 0;
    }

    /** A compact, deterministic encoding (models once, pairs by index), for stores. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + models.size() * 24 + pairs.size() * 56);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(comparisons);
            List<String> names = models();
            Map<String, Integer> index = new TreeMap<>();
            out.writeInt(names.size());
            for (String name : names) {
                index.put(name, index.size());
                out.writeUTF(name);
                out.writeLong(models.get(name));
            }
            List<PairCounts> all = pairs();
            out.writeInt(all.size());
            for (PairCounts pair : all) {
                out.writeInt(index.get(pair.first()));
                out.writeInt(index.get(pair.second()));
                out.writeLong(pair.firstWins());
                out.writeLong(pair.secondWins());
                out.writeLong(pair.ties());
                out.writeLong(pair.firstWinsSixths());
                out.writeLong(pair.secondWinsSixths());
                out.writeLong(pair.tiesSixths());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #encode()}'s bytes into a matrix bounded by {@code maxModels} (pruned if it held more). */
    public static PairwiseMatrix decode(byte[] encoded, int maxModels) {
        PairwiseMatrix unbounded = new PairwiseMatrix(Integer.MAX_VALUE);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WEIGHTS_IN_THIRDS && format != FORMAT_WITHOUT_WEIGHTS) {
                throw new IllegalArgumentException("unknown pairwise matrix format " + format);
            }
            unbounded.comparisons = in.readLong();
            int modelCount = in.readInt();
            List<String> names = new ArrayList<>(modelCount);
            for (int i = 0; i < modelCount; i++) {
                String name = in.readUTF();
                names.add(name);
                unbounded.models.put(name, in.readLong());
            }
            int pairCount = in.readInt();
            for (int i = 0; i < pairCount; i++) {
                Pair pair = new Pair(names.get(in.readInt()), names.get(in.readInt()));
                long firstWins = in.readLong();
                long secondWins = in.readLong();
                long ties = in.readLong();
                long toSixths = format == FORMAT_WEIGHTS_IN_THIRDS ? 2 : 1;
                unbounded.pairs.put(pair, format == FORMAT_WITHOUT_WEIGHTS
                        ? new long[] {firstWins, secondWins, ties, 6 * firstWins, 6 * secondWins, 6 * ties}
                        : new long[] {firstWins, secondWins, ties, toSixths * in.readLong(), toSixths * in.readLong(),
                                toSixths * in.readLong()});
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated pairwise matrix", e);
        }
        PairwiseMatrix bounded = new PairwiseMatrix(maxModels);
        bounded.merge(unbounded);
        return bounded;
    }
}
