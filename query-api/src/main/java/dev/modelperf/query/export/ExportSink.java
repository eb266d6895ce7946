package dev.modelperf.query.export;

import java.io.IOException;

/** Where export lines go, in one {@link ExportFormat}; flushed at least every second so a client sees steady progress. */
public interface ExportSink extends AutoCloseable {

    void write(ExportLine line) throws IOException;

    /** Ends the export: writes what is buffered; does not close the stream underneath. */
    void finish() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
