package dev.modelperf.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over one payload that refuses any declared length or item count larger than
 * the bytes left, before anything is allocated: a few hostile bytes declaring a 2 GB string or a
 * billion-entry map fail at once instead of allocating gigabytes. Every element of our schemas
 * takes at least one byte, so a count beyond the bytes left is always a lie.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;

    BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    /** The payload bytes not yet read. */
    int remaining() throws IOException {
        return in.inputStream().available();
    }

    private int checked(long declared, String what) throws IOException {
        int remaining = remaining();
        if (declared < 0 || declared > remaining) {
            throw new AvroRuntimeException("declares " + what + " of " + declared + " but only " + remaining + " bytes remain");
        }
        return (int) declared;
    }

    private long checkedCount(long count, String what) throws IOException {
        if (count > 0) {
            checked(count, what);
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checked(in.readLong(), "a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(checked(in.readLong(), "a string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checked(in.readLong(), "bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(checked(in.readLong(), "bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(in.readArrayStart(), "an array block");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(in.arrayNext(), "an array block");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart(), "a map block");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext(), "a map block");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
