package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the feedback join's internal topics and stores. Internal data is written and read by
 * this same topology only, so it carries no registry header: plain Avro binary for feedback and judgments,
 * length-prefixed UTF-8 for the rest, each with a leading format byte.
 */
public final class FeedbackJoinSerdes {

    private static final byte FORMAT_V1 = 1;
    private static final byte CALL = 1;
    private static final byte FEEDBACK = 2;
    /** Added with judgments: records written before carry only the first two kinds, so they still read. */
    private static final byte JUDGMENT = 3;

    private FeedbackJoinSerdes() {
    }

    public static Serde<CallRef> callRef() {
        return Serdes.serdeFrom((topic, ref) -> ref == null ? null : write(out -> writeRef(out, ref)),
                (topic, bytes) -> bytes == null ? null : read(bytes, FeedbackJoinSerdes::readRef));
    }

    public static Serde<JoinInput> joinInput() {
        return Serdes.serdeFrom((topic, input) -> input == null ? null : write(out -> {
            if (input.call() != null) {
                out.writeByte(CALL);
                writeRef(out, input.call());
            } else if (input.feedback() != null) {
                out.writeByte(FEEDBACK);
                writeFeedback(out, input.feedback());
            } else {
                out.writeByte(JUDGMENT);
                writeJudgment(out, input.judgment());
            }
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> switch (in.readByte()) {
            case CALL -> JoinInput.of(readRef(in));
            case FEEDBACK -> JoinInput.of(readFeedback(in));
            case JUDGMENT -> JoinInput.of(readJudgment(in));
            default -> throw new SerializationException("Unknown feedback-join input kind");
        }));
    }

    public static Serde<AttributedJudgment> attributedJudgment() {
        return Serdes.serdeFrom((topic, judged) -> judged == null ? null : write(out -> {
            out.writeUTF(judged.category());
            out.writeUTF(judged.model());
            out.writeLong(judged.callTimestampMs());
            writeJudgment(out, judged.judgment());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            String category = in.readUTF();
            String model = in.readUTF();
            long timestamp = in.readLong();
            return new AttributedJudgment(readJudgment(in), category, model, timestamp);
        }));
    }

    public static Serde<PendingJudgment> pendingJudgment() {
        return Serdes.serdeFrom((topic, pending) -> pending == null ? null : write(out -> {
            out.writeLong(pending.arrivedAtMs());
            out.writeUTF(pending.sourceTopic());
            out.writeInt(pending.sourcePartition());
            out.writeLong(pending.sourceOffset());
            writeJudgment(out, pending.judgment());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            long arrived = in.readLong();
            String sourceTopic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            return new PendingJudgment(readJudgment(in), arrived, sourceTopic, partition, offset);
        }));
    }

    public static Serde<AttributedFeedback> attributedFeedback() {
        return Serdes.serdeFrom((topic, fb) -> fb == null ? null : write(out -> {
            out.writeUTF(fb.category());
            out.writeUTF(fb.model());
            out.writeLong(fb.callTimestampMs());
            writeFeedback(out, fb.feedback());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            String category = in.readUTF();
            String model = in.readUTF();
            long timestamp = in.readLong();
            return new AttributedFeedback(readFeedback(in), category, model, timestamp);
        }));
    }

    public static Serde<PendingFeedback> pendingFeedback() {
        return Serdes.serdeFrom((topic, pending) -> pending == null ? null : write(out -> {
            out.writeLong(pending.arrivedAtMs());
            out.writeUTF(pending.sourceTopic());
            out.writeInt(pending.sourcePartition());
            out.writeLong(pending.sourceOffset());
            writeFeedback(out, pending.feedback());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            long arrived = in.readLong();
            String sourceTopic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            return new PendingFeedback(readFeedback(in), arrived, sourceTopic, partition, offset);
        }));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
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
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown feedback-join format " + format);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("Corrupt feedback-join record of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    private static void writeRef(DataOutputStream out, CallRef ref) throws IOException {
        out.writeUTF(ref.tenant());
        out.writeUTF(ref.category());
        out.writeUTF(ref.model());
        out.writeLong(ref.timestampMs());
    }

    private static CallRef readRef(DataInputStream in) throws IOException {
        return new CallRef(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
    }

    private static Feedback readFeedback(DataInputStream in) throws IOException {
        return readAvro(in, Feedback.class);
    }

    private static void writeFeedback(DataOutputStream out, Feedback feedback) throws IOException {
        writeAvro(out, Feedback.class, feedback);
    }

    private static Judgment readJudgment(DataInputStream in) throws IOException {
        return readAvro(in, Judgment.class);
    }

    private static void writeJudgment(DataOutputStream out, Judgment judgment) throws IOException {
        writeAvro(out, Judgment.class, judgment);
    }

    private static <T> void writeAvro(DataOutputStream out, Class<T> type, T record) throws IOException {
        ByteArrayOutputStream avro = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(avro, null);
        new SpecificDatumWriter<>(type).write(record, encoder);
        encoder.flush();
        out.writeInt(avro.size());
        avro.writeTo(out);
    }

    private static <T> T readAvro(DataInputStream in, Class<T> type) throws IOException {
        byte[] avro = new byte[in.readInt()];
        in.readFully(avro);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(avro, null);
        return new SpecificDatumReader<>(type).read(null, decoder);
    }
}
