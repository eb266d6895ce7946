package dev.modelperf.streams.stores;

import java.util.Arrays;

/** A growable, unsynchronized byte buffer for varints: {@code ByteArrayOutputStream} locks on every byte. */
final class VarIntWriter {

    private byte[] bytes = new byte[512];
    private int size;

    void writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    /** Eight bytes, big-endian, as {@code ByteBuffer.getLong} reads them: for doubles' bits, which varints would lengthen. */
    void writeFixedLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
