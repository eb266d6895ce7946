package dev.modelperf.streams.alert;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One scope's own per-minute figures of an anomaly rule's signal, oldest first, each stamped with
 * its minute (epoch minutes). Kept in a store so that judging a minute reads one small record
 * instead of hours of 1-minute aggregates; some 12 bytes a minute, 2 KiB for three hours.
 */
public record Baseline(int[] minutes, double[] values) {

    private static final byte FORMAT_V1 = 1;
    static final double MAD_TO_SIGMA = 1.4826;

    public static Baseline empty() {
        return new Baseline(new int[0], new double[0]);
    }

    /** The robust centre and spread of the figures of minutes in [{@code fromMinute}, {@code toMinute}]. */
    public record Spread(int size, double median, double sigma) {
    }

    /** Median and 1.4826 × median absolute deviation (a robust standard deviation) of a range of minutes. */
    public Spread spread(int fromMinute, int toMinute) {
        double[] window = Arrays.stream(indicesBetween(fromMinute, toMinute)).mapToDouble(i -> values[i]).toArray();
        if (window.length == 0) {
            return new Spread(0, Double.NaN, Double.NaN);
        }
        double median = median(window);
        double[] deviations = Arrays.stream(window).map(v -> Math.abs(v - median)).toArray();
        return new Spread(window.length, median, MAD_TO_SIGMA * median(deviations));
    }

    private int[] indicesBetween(int fromMinute, int toMinute) {
        return IntStream.range(0, minutes.length)
                .filter(i -> minutes[i] >= fromMinute && minutes[i] <= toMinute).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** This baseline with {@code value} for {@code minute} (replacing one already there) and without minutes before {@code oldestMinute}. */
    public Baseline with(int minute, double value, int oldestMinute) {
        int[] kept = IntStream.range(0, minutes.length)
                .filter(i -> minutes[i] >= oldestMinute && minutes[i] != minute).toArray();
        int[] newMinutes = new int[kept.length + 1];
        double[] newValues = new double[kept.length + 1];
        int at = 0;
        boolean placed = false;
        for (int i : kept) {
            if (!placed && minutes[i] > minute) {
                newMinutes[at] = minute;
                newValues[at++] = value;
                placed = true;
            }
            newMinutes[at] = minutes[i];
            newValues[at++] = values[i];
        }
        if (!placed) {
            newMinutes[at] = minute;
            newValues[at] = value;
        }
        return new Baseline(newMinutes, newValues);
    }

    /** The newest minute recorded, or {@link Integer#MIN_VALUE} when empty. */
    public int newestMinute() {
        return minutes.length == 0 ? Integer.MIN_VALUE : minutes[minutes.length - 1];
    }

    /** Binary form for the baseline store and its changelog, versioned. */
    public static Serde<Baseline> serde() {
        return Serdes.serdeFrom((topic, baseline) -> {
            if (baseline == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + baseline.minutes.length * 12).put(FORMAT_V1).putInt(baseline.minutes.length);
            for (int i = 0; i < baseline.minutes.length; i++) {
                buffer.putInt(baseline.minutes[i]).putDouble(baseline.values[i]);
            }
            return buffer.array();
        }, (Deserializer<Baseline>) (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length < 5 || buffer.get() != FORMAT_V1) {
                throw new SerializationException("Unknown Baseline format (" + bytes.length + " bytes)");
            }
            int size = buffer.getInt();
            if (bytes.length != 5 + size * 12) {
                throw new SerializationException("Baseline of " + size + " minutes cannot be " + bytes.length + " bytes");
            }
            int[] minutes = new int[size];
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                minutes[i] = buffer.getInt();
                values[i] = buffer.getDouble();
            }
            return new Baseline(minutes, values);
        });
    }
}
