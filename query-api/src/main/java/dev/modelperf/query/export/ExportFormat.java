package dev.modelperf.query.export;

import dev.modelperf.query.BadRequestException;

/** How an export is written: JSON lines, or an Avro object container file of {@link ExportAvro#LINE} records. */
public enum ExportFormat {
    JSONL("application/x-ndjson"),
    AVRO("avro/binary");

    private final String contentType;

    ExportFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format named by {@code format} (default jsonl). */
    static ExportFormat named(String text) {
        if (text == null || text.isBlank() || text.equals("jsonl")) {
            return JSONL;
        }
        if (text.equals("avro")) {
            return AVRO;
        }
        throw new BadRequestException("format", "must be jsonl or avro (Parquet is not offered: see docs/export.md)");
    }
}
