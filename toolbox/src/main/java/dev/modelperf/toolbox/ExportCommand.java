package dev.modelperf.toolbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.query.export.ExportAvro;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Saves an export ({@code GET /api/v1/export}) to a file with a progress bar. Next to the file,
 * {@code FILE.cursor} records the request and, after every flush, the file's length and the last
 * partition offset of each kind written up to it; {@code --resume} cuts the file back to that
 * length and asks the server for what follows, so an interrupted export ends with every line once.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a tenant's calls (with their feedback and judgments) and comparisons to a file: JSON lines or Avro.")
final class ExportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

    @Spec
    private CommandSpec spec;

    @Option(names = "--api", defaultValue = "http://localhost:8080", description = "Query API base URL (default ${DEFAULT-VALUE}).")
    private String api;

    @Option(names = "--api-key", defaultValue = "${env:MODELPERF_API_KEY}",
            description = "API key (read or admin; admin to export every tenant with --tenant '*'); default $MODELPERF_API_KEY.")
    private String apiKey;

    @Option(names = "--since", description = "First event time exported: ISO-8601 instant or epoch ms (required unless --resume).")
    private String since;

    @Option(names = "--until", description = "Event time exported up to, excluded (default: now, fixed when the export starts).")
    private String until;

    @Option(names = "--tenant", description = "Tenant to export (default: the API key's, or 'default'); '*' for every tenant.")
    private String tenant;

    @Option(names = "--kinds", defaultValue = "calls,feedback,comparisons,judgments",
            description = "What to export (default ${DEFAULT-VALUE}); feedback and judgments ride on their call's line.")
    private String kinds;

    @Option(names = "--grace", description = "How late after --until feedback, judgments and calls are still looked for (default 1h).")
    private String grace;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or avro (an Avro object container file).")
    private String format;

    @Option(names = "--output", required = true, description = "File to write; FILE.cursor is kept next to it for --resume.")
    private Path output;

    @Option(names = "--resume", description = "Continue the export FILE.cursor describes, appending to FILE without duplicates.")
    private boolean resume;

    /** What the cursor file holds: the request, and where the file stood at the last save. */
    private ObjectNode cursor;
    private final Map<String, Long> positions = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path cursorFile = cursorFile(output);
        long keep = 0;
        if (resume) {
            if (!Files.exists(cursorFile)) {
                throw new ParameterException(spec.commandLine(), "--resume: no " + cursorFile + " to resume from");
            }
            if (since != null || until != null || tenant != null || grace != null) {
                throw new ParameterException(spec.commandLine(), "--resume takes the range, tenant and grace from " + cursorFile
                        + "; leave out --since, --until, --tenant and --grace");
            }
            cursor = (ObjectNode) JSON.readTree(cursorFile.toFile());
            keep = cursor.get("bytes").asLong();
            cursor.get("positions").fields().forEachRemaining(entry -> positions.put(entry.getKey(), entry.getValue().asLong()));
            try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "rw")) {
                if (file.length() < keep) {
                    throw new ParameterException(spec.commandLine(), output + " is shorter (" + file.length() + " bytes) than "
                            + cursorFile + " records (" + keep + "): it was changed since; start a new export");
                }
                file.setLength(keep);
            }
        } else {
            if (since == null) {
                throw new ParameterException(spec.commandLine(), "--since is required (unless --resume)");
            }
            if (!format.equals("jsonl") && !format.equals("avro")) {
                throw new ParameterException(spec.commandLine(), "--format must be jsonl or avro");
            }
            if (Files.exists(output) || Files.exists(cursorFile)) {
                throw new ParameterException(spec.commandLine(), output + " or its cursor already exists: use --resume to continue it, "
                        + "or remove both to start again");
            }
            cursor = JSON.createObjectNode();
            cursor.put("since", since);
            cursor.put("until", until != null ? until : Instant.now().toString());
            if (tenant != null) {
                cursor.put("tenant", tenant);
            }
            cursor.put("kinds", kinds);
            if (grace != null) {
                cursor.put("grace", grace);
            }
            cursor.put("format", format);
            cursor.put("bytes", 0L);
            cursor.putObject("positions");
            Files.createFile(output);
            save(cursorFile, 0);
        }
        HttpResponse<InputStream> response = request();
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                err.println("Export refused (" + response.statusCode() + "): " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            err.flush();
            return 2;
        }
        Progress progress = new Progress(response.headers().firstValue("X-Export-Ranges").orElse(""),
                new ProgressBar(err, System.console() != null, "offsets"));
        err.printf("Reading %,d offsets; the server indexes the range's feedback and judgments before the first call.%n",
                progress.total());
        err.flush();
        Outcome outcome;
        try (ProcessLifetime lifetime = new ProcessLifetime(); InputStream body = response.body()) {
            outcome = cursor.get("format").asText().equals("avro") ? copyAvro(body, keep, cursorFile, progress, lifetime)
                    : copyJsonLines(body, cursorFile, progress, lifetime);
        }
        progress.finish(outcome.end() != null);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.end() != null) {
            JsonNode end = outcome.end();
            out.printf("Exported %,d calls (%,d feedback, %,d judgments) and %,d comparisons to %s in %.1f s; "
                            + "%,d events left out as in the DLQ, %,d undecodable.%n", end.get("calls").asLong(),
                    end.get("feedback").asLong(), end.get("judgments").asLong(), end.get("comparisons").asLong(), output,
                    progress.elapsed().toMillis() / 1000.0, end.get("rejectedInDlq").asLong(), end.get("undecodable").asLong());
            out.flush();
            return 0;
        }
        err.println((outcome.error() != null ? outcome.error() : "The export was cut off") + "; " + outcome.lines()
                + " lines saved. Run again with --resume to continue.");
        err.flush();
        return 1;
    }

    /** How a copy ended: the server's end line, or its error, or neither (cut off). */
    private record Outcome(JsonNode end, String error, long lines) {
    }

    private HttpResponse<InputStream> request() throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("/api/v1/export?format=").append(cursor.get("format").asText());
        for (String name : List.of("since", "until", "tenant", "kinds", "grace")) {
            if (cursor.hasNonNull(name)) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(cursor.get(name).asText(), StandardCharsets.UTF_8));
            }
        }
        if (!positions.isEmpty()) {
            List<String> entries = new ArrayList<>();
            positions.forEach((position, offset) -> entries.add(position + ":" + offset));
            query.append("&cursor=").append(URLEncoder.encode(String.join(",", entries), StandardCharsets.UTF_8));
        }
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + query)).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey.strip());
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Outcome copyJsonLines(InputStream body, Path cursorFile, Progress progress, ProcessLifetime lifetime) throws IOException {
        long lines = 0;
        try (FileOutputStream file = new FileOutputStream(output.toFile(), true);
             OutputStream out = new BufferedOutputStream(file, 1 << 16);
             InputStream in = body) {
            long lastSave = System.nanoTime();
            LineReader reader = new LineReader(in);
            byte[] line;
            while ((line = reader.next()) != null && !lifetime.stopRequested()) {
                String kind;
                int partition;
                long offset;
                try (JsonParser parser = JSON_FACTORY.createParser(line)) {
                    kind = field(parser, "kind").getText();
                    if (kind.equals("end") || kind.equals("error")) {
                        out.flush();
                        save(cursorFile, file);
                        JsonNode last = JSON.readTree(line);
                        return kind.equals("end") ? new Outcome(last, null, lines) : new Outcome(null, last.get("message").asText(), lines);
                    }
                    partition = field(parser, "partition").getIntValue();
                    offset = field(parser, "offset").getLongValue();
                }
                out.write(line);
                out.write('\n');
                lines++;
                positions.put(kind + ":" + partition, offset);
                progress.at(kind, partition, offset);
                if (System.nanoTime() - lastSave >= SAVE_EVERY.toNanos()) {
                    out.flush();
                    save(cursorFile, file);
                    lastSave = System.nanoTime();
                }
            }
            out.flush();
            save(cursorFile, file);
        }
        return new Outcome(null, null, lines);
    }

    private Outcome copyAvro(InputStream body, long keep, Path cursorFile, Progress progress, ProcessLifetime lifetime)
            throws IOException {
        long lines = 0;
        File file = output.toFile();
        try (DataFileStream<GenericRecord> in = new DataFileStream<>(new BufferedInputStream(body, 1 << 16), new GenericDatumReader<>());
             DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(ExportAvro.LINE))) {
            if (keep == 0) {
                out.setCodec(CodecFactory.deflateCodec(1)).create(ExportAvro.LINE, file);
            } else {
                out.appendTo(file);
            }
            long lastSave = System.nanoTime();
            while (in.hasNext() && !lifetime.stopRequested()) {
                GenericRecord record = in.next();
                String kind = record.get("kind").toString();
                if (kind.equals("end") || kind.equals("error")) {
                    saveAvro(cursorFile, out, file);
                    JsonNode last = JSON.readTree(record.get("message").toString());
                    return kind.equals("end") ? new Outcome(last, null, lines) : new Outcome(null, last.get("message").asText(), lines);
                }
                out.append(record);
                lines++;
                int partition = (Integer) record.get("partition");
                long offset = (Long) record.get("offset");
                positions.put(kind + ":" + partition, offset);
                progress.at(kind, partition, offset);
                if (System.nanoTime() - lastSave >= SAVE_EVERY.toNanos()) {
                    saveAvro(cursorFile, out, file);
                    lastSave = System.nanoTime();
                }
            }
            saveAvro(cursorFile, out, file);
        } catch (IOException e) {
            // A cut connection surfaces as a failed read of the next block: what was saved stands.
            spec.commandLine().getErr().println("Reading the export failed: " + e.getMessage());
        }
        return new Outcome(null, null, lines);
    }

    private static JsonParser field(JsonParser parser, String name) throws IOException {
        while (parser.nextToken() != null) {
            if (parser.currentToken() == JsonToken.FIELD_NAME && parser.currentName().equals(name)) {
                parser.nextToken();
                return parser;
            }
        }
        throw new IOException("line without " + name);
    }

    /** Ends the open block, syncs it to disk, then records the file's length with the positions written. */
    private void saveAvro(Path cursorFile, DataFileWriter<GenericRecord> out, File file) throws IOException {
        out.fSync();
        save(cursorFile, file.length());
    }

    private void save(Path cursorFile, FileOutputStream file) throws IOException {
        file.getFD().sync();
        save(cursorFile, file.getChannel().size());
    }

    /** Replaces the cursor file in one move, so that a crash leaves the old one or the new one. */
    private void save(Path cursorFile, long bytes) throws IOException {
        cursor.put("bytes", bytes);
        ObjectNode saved = cursor.putObject("positions");
        positions.forEach(saved::put);
        Path next = cursorFile.resolveSibling(cursorFile.getFileName() + ".next");
        JSON.writeValue(next.toFile(), cursor);
        Files.move(next, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Path cursorFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".cursor");
    }

    /** Lines of bytes, as sent (no decoding and re-encoding of what is saved). */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] line = new byte[8192];

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next whole line without its newline; null at the end (a last line without newline is incomplete: dropped). */
        byte[] next() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit) {
                    limit = in.read(chunk);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return null;
                    }
                }
                int newline = position;
                while (newline < limit && chunk[newline] != '\n') {
                    newline++;
                }
                int take = newline - position;
                if (length + take > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + take));
                }
                System.arraycopy(chunk, position, line, length, take);
                length += take;
                position = newline;
                if (newline < limit) {
                    position++;
                    return Arrays.copyOf(line, length);
                }
            }
        }
    }

    /**
     * Progress in offsets: the server reads the partitions of X-Export-Ranges one after the other,
     * so a line at a partition's offset means the partitions before it are done.
     */
    private static final class Progress {
        private final List<String> order = new ArrayList<>();
        private final List<long[]> ranges = new ArrayList<>();
        private final ProgressBar bar;
        private final long total;
        private final long startedNanos = System.nanoTime();
        private long lastDraw;

        Progress(String header, ProgressBar bar) {
            this.bar = bar;
            long sum = 0;
            for (String entry : header.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.split(":");
                String[] span = parts[2].split("-");
                long start = Long.parseLong(span[0]);
                long stop = Long.parseLong(span[1]);
                order.add(parts[0] + ":" + parts[1]);
                ranges.add(new long[] {start, stop});
                sum += Math.max(0, stop - start);
            }
            this.total = sum;
        }

        void at(String kind, int partition, long offset) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            int index = order.indexOf(kind + ":" + partition);
            long done = 0;
            for (int i = 0; i < index; i++) {
                done += Math.max(0, ranges.get(i)[1] - ranges.get(i)[0]);
            }
            done += Math.max(0, offset + 1 - ranges.get(index)[0]);
            draw(done);
        }

        void finish(boolean complete) {
            if (complete) {
                draw(total);
            }
            bar.finish();
        }

        long total() {
            return total;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        private void draw(long done) {
            Duration elapsed = elapsed();
            bar.update(done, total, elapsed.toNanos() == 0 ? 0 : done * 1e9 / elapsed.toNanos(), elapsed);
        }
    }
}
