package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.routing.ensemble.EnsembleStateCodec;
import dev.modelperf.routing.ensemble.Panel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the ensemble part: the panels on the repartition topic (only what advice needs of a
 * comparison, so the topic carries no schema-registry dependency) and the states in the stores.
 */
public final class EnsembleSerdes {

    private static final byte PANEL_V1 = 1;

    private EnsembleSerdes() {
    }

    public static Serde<EnsembleState> state() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : EnsembleStateCodec.encode(state), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return EnsembleStateCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Corrupt ensemble state: " + e.getMessage(), e);
            }
        });
    }

    public static Serde<Panel> panel() {
        return Serdes.serdeFrom((topic, panel) -> panel == null ? null : encode(panel),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    static byte[] encode(Panel panel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * panel.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PANEL_V1);
            out.writeLong(panel.timestampMs());
            out.writeBoolean(panel.tie());
            writeOptional(out, panel.winner());
            out.writeByte(panel.size());
            for (Panel.Answer answer : panel.answers()) {
                out.writeUTF(answer.model());
                out.writeBoolean(answer.score() != null);
                out.writeDouble(answer.score() == null ? 0 : answer.score());
                out.writeBoolean(answer.latencyMs() != null);
                out.writeLong(answer.latencyMs() == null ? 0 : answer.latencyMs());
                out.writeBoolean(answer.costUsd() != null);
                out.writeDouble(answer.costUsd() == null ? 0 : answer.costUsd());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Panel decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != PANEL_V1) {
                throw new SerializationException("Unknown ensemble panel format " + format);
            }
            long timestampMs = in.readLong();
            boolean tie = in.readBoolean();
            String winner = in.readBoolean() ? in.readUTF() : null;
            int size = in.readUnsignedByte();
            List<Panel.Answer> answers = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String model = in.readUTF();
                boolean scored = in.readBoolean();
                double score = in.readDouble();
                boolean timed = in.readBoolean();
                long latencyMs = in.readLong();
                boolean costed = in.readBoolean();
                double cost = in.readDouble();
                answers.add(new Panel.Answer(model, scored ? score : null, timed ? latencyMs : null, costed ? cost : null));
            }
            return new Panel(timestampMs, answers, winner, tie);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Corrupt ensemble panel of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }
}
