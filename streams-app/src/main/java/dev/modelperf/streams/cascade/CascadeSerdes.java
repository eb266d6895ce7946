package dev.modelperf.streams.cascade;

import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the cascade join's stores and of the facts' internal topic. Written and read by this
 * topology only, so no registry header: a leading format byte, then plain binary (Avro binary for
 * a held outcome).
 */
public final class CascadeSerdes {

    private static final byte FORMAT_V1 = 1;
    private static final Verdict[] VERDICTS = Verdict.values();

    private CascadeSerdes() {
    }

    public static Serde<DecisionRef> decisionRef() {
        return Serdes.serdeFrom((topic, ref) -> ref == null ? null : write(out -> {
            out.writeUTF(ref.tenant());
            out.writeLong(ref.timestampMs());
            out.writeByte(ref.proposals().size());
            for (DecisionRef.Proposal proposal : ref.proposals()) {
                out.writeUTF(proposal.layerId());
                out.writeDouble(proposal.confidence());
                writeOptional(out, proposal.target());
                out.writeBoolean(proposal.accepted());
            }
            writeOptional(out, ref.finalTarget());
            out.writeBoolean(ref.clarified());
            writeOptional(out, ref.judgedBy());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            String tenant = in.readUTF();
            long timestamp = in.readLong();
            int count = in.readByte();
            List<DecisionRef.Proposal> proposals = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                proposals.add(new DecisionRef.Proposal(in.readUTF(), in.readDouble(), readOptional(in), in.readBoolean()));
            }
            return new DecisionRef(tenant, timestamp, proposals, readOptional(in), in.readBoolean(), readOptional(in));
        }));
    }

    public static Serde<CascadeFact> fact() {
        return Serdes.serdeFrom((topic, fact) -> fact == null ? null : write(out -> {
            out.writeBoolean(fact.judged());
            out.writeUTF(fact.tenant());
            out.writeLong(fact.decisionMs());
            out.writeBoolean(fact.clarified());
            out.writeDouble(fact.totalLatencyMs());
            out.writeByte(fact.finalVerdict().ordinal());
            out.writeByte(fact.layers().size());
            for (CascadeFact.LayerFact layer : fact.layers()) {
                out.writeUTF(layer.layerId());
                out.writeDouble(layer.confidence());
                out.writeDouble(layer.threshold());
                out.writeBoolean(layer.accepted());
                out.writeDouble(layer.latencyMs());
                out.writeByte(layer.verdict().ordinal());
            }
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            boolean judged = in.readBoolean();
            String tenant = in.readUTF();
            long decisionMs = in.readLong();
            boolean clarified = in.readBoolean();
            double totalLatency = in.readDouble();
            Verdict finalVerdict = VERDICTS[in.readByte()];
            int count = in.readByte();
            List<CascadeFact.LayerFact> layers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                layers.add(new CascadeFact.LayerFact(in.readUTF(), in.readDouble(), in.readDouble(), in.readBoolean(), in.readDouble(),
                        VERDICTS[in.readByte()]));
            }
            return new CascadeFact(judged, tenant, decisionMs, clarified, totalLatency, finalVerdict, layers);
        }));
    }

    public static Serde<PendingOutcome> pendingOutcome() {
        return Serdes.serdeFrom((topic, pending) -> pending == null ? null : write(out -> {
            out.writeLong(pending.arrivedAtMs());
            out.writeUTF(pending.sourceTopic());
            out.writeInt(pending.sourcePartition());
            out.writeLong(pending.sourceOffset());
            ByteArrayOutputStream avro = new ByteArrayOutputStream(128);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(avro, null);
            new SpecificDatumWriter<>(RoutingOutcome.class).write(pending.outcome(), encoder);
            encoder.flush();
            out.writeInt(avro.size());
            avro.writeTo(out);
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            long arrived = in.readLong();
            String sourceTopic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] avro = new byte[in.readInt()];
            in.readFully(avro);
            RoutingOutcome outcome = new SpecificDatumReader<>(RoutingOutcome.class).read(null, DecoderFactory.get().binaryDecoder(avro, null));
            return new PendingOutcome(outcome, arrived, sourceTopic, partition, offset);
        }));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown cascade-join format " + format);
            }
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Corrupt cascade-join record of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }
}
