package dev.modelperf.streams.comparison;

import dev.modelperf.routing.rating.ModelRating;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A compact binary form of {@link LevelRatings} for the ratings store, versioned by its first byte. */
public final class LevelRatingsSerde implements Serde<LevelRatings> {

    private static final byte FORMAT = 1;

    @Override
    public Serializer<LevelRatings> serializer() {
        return (topic, ratings) -> ratings == null ? null : encode(ratings);
    }

    @Override
    public Deserializer<LevelRatings> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(LevelRatings ratings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(ratings.asOfMs());
            out.writeLong(ratings.dayMs());
            out.writeByte(ratings.windows().size());
            for (RatingWindow window : RatingWindow.values()) {
                LevelRatings.WindowRatings fit = ratings.windows().get(window);
                if (fit == null) {
                    continue;
                }
                out.writeByte(window.ordinal());
                out.writeLong(fit.fromMs());
                out.writeLong(fit.comparisons());
                out.writeLong(fit.results());
                out.writeInt(fit.iterations());
                out.writeBoolean(fit.converged());
                out.writeInt(fit.ratings().size());
                for (ModelRating rating : fit.ratings()) {
                    out.writeUTF(rating.model());
                    out.writeDouble(rating.logit());
                    out.writeDouble(rating.standardError());
                    out.writeDouble(rating.wins());
                    out.writeDouble(rating.losses());
                    out.writeLong(rating.comparisons());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LevelRatings decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown level ratings format " + format);
            }
            long asOfMs = in.readLong();
            long dayMs = in.readLong();
            int windowCount = in.readByte();
            Map<RatingWindow, LevelRatings.WindowRatings> windows = new EnumMap<>(RatingWindow.class);
            for (int w = 0; w < windowCount; w++) {
                RatingWindow window = RatingWindow.values()[in.readByte()];
                long fromMs = in.readLong();
                long comparisons = in.readLong();
                long results = in.readLong();
                int iterations = in.readInt();
                boolean converged = in.readBoolean();
                int count = in.readInt();
                List<ModelRating> ratings = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ratings.add(new ModelRating(in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                            in.readLong()));
                }
                windows.put(window, new LevelRatings.WindowRatings(fromMs, comparisons, results, iterations, converged, ratings));
            }
            return new LevelRatings(asOfMs, dayMs, windows);
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("truncated or corrupt level ratings", e);
        }
    }
}
