package dev.modelperf.query.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.modelperf.query.UnavailableException;
import dev.modelperf.query.auth.AccessControl;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.topics.Topics;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/export}: streams the calls (with their feedback and judgments) and the
 * comparisons of one tenant and time range, read from the topics, as JSON lines or an Avro file.
 * Headers say what will be read ({@code X-Export-Ranges}: {@code kind:partition:start-stop} per
 * partition, {@code X-Export-Total}: the offsets in all) so a client can show progress; the last
 * line is {@code kind: end} with the counts, or {@code kind: error} when reading failed midway. A
 * few exports run at a time per instance; more are answered 503 (each holds a consumer and an
 * index on disk).
 */
public final class ExportController {

    private static final Logger log = LoggerFactory.getLogger(ExportController.class);
    /** Exports one instance runs at once; each reads whole topics, so more would only share the same disk and network. */
    static final int MAX_RUNNING = 2;
    private static final int OUTPUT_BUFFER_BYTES = 1 << 16;

    private final Map<String, Object> consumerConfig;
    private final Topics topics;
    private final SchemaRegistry registry;
    private final Path indexParent;
    private final Clock clock;
    private final Semaphore running = new Semaphore(MAX_RUNNING);

    /** {@code kafka}: the cluster's client settings; {@code indexParent}: where temporary indexes go (the state directory). */
    public ExportController(String bootstrapServers, Map<String, String> kafka, Topics topics, SchemaRegistry registry,
                            Path indexParent, Clock clock) {
        this.consumerConfig = consumerConfig(bootstrapServers, kafka);
        this.topics = topics;
        this.registry = registry;
        this.indexParent = indexParent;
        this.clock = clock;
    }

    private static Map<String, Object> consumerConfig(String bootstrapServers, Map<String, String> kafka) {
        Map<String, Object> config = new HashMap<>();
        // The cluster's security settings (security.protocol, sasl.*, ssl.*) apply to the export's consumer too.
        kafka.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && !key.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // Bounds the records one fetch holds in memory, whatever the volume exported.
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 << 20);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        // A transaction marker at the end of a range is only skipped by a fetch that waits for nothing more.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "modelperf-export");
        return config;
    }

    public void export(Context ctx) throws IOException {
        String tenant = ctx.queryParam("tenant");
        if (tenant == null || tenant.isEmpty()) {
            tenant = AccessControl.defaultTenant(ctx, "default");
        }
        Map<String, String> parameters = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> parameters.put(name, values.isEmpty() ? null : values.get(0)));
        ExportRequest request = ExportRequest.parse(parameters, tenant, clock.instant());
        if (!running.tryAcquire()) {
            ctx.header("Retry-After", "10");
            throw new UnavailableException(MAX_RUNNING + " exports are running on this instance: retry later", null);
        }
        try (ExportRun run = ExportRun.open(consumerConfig, topics, registry, indexParent, request)) {
            ctx.status(200);
            ctx.contentType(request.format().contentType());
            ctx.header("X-Export-Ranges", run.lineRanges().stream()
                    .map(range -> range.kind().line() + ":" + range.partition() + ":" + range.start() + "-" + range.stop())
                    .collect(Collectors.joining(",")));
            ctx.header("X-Export-Total", String.valueOf(run.lineRanges().stream().mapToLong(ExportRun.Range::size).sum()));
            ctx.header("X-Export-Until", request.until().toString());
            // The headers go now: a client learns what will be read while feedback and judgments are indexed.
            ctx.res().flushBuffer();
            OutputStream out = new BufferedOutputStream(ctx.outputStream(), OUTPUT_BUFFER_BYTES);
            stream(run, request, out);
            out.flush();
        } finally {
            running.release();
        }
    }

    private void stream(ExportRun run, ExportRequest request, OutputStream out) throws IOException {
        ExportSink sink = request.format() == ExportFormat.AVRO ? new AvroFileSink(out)
                : new JsonLinesSink(out, request.includes(ExportKind.FEEDBACK), request.includes(ExportKind.JUDGMENTS));
        String kind = "end";
        String last;
        try {
            ExportRun.Summary summary = run.writeTo(sink);
            last = endLine(summary);
        } catch (IOException e) {
            // The client went away: nothing left to tell it.
            log.info("Export stopped: the client closed the connection ({})", e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("Export failed midway", e);
            kind = "error";
            last = errorLine(e.getMessage());
        }
        if (sink instanceof AvroFileSink avro) {
            avro.end(kind, last);
        } else {
            sink.finish();
            out.write(last.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    /** The last line of a complete export: how many of each were written and passed over. */
    static String endLine(ExportRun.Summary summary) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("kind", "end");
            json.writeNumberField("calls", summary.calls());
            json.writeNumberField("comparisons", summary.comparisons());
            json.writeNumberField("feedback", summary.feedback());
            json.writeNumberField("judgments", summary.judgments());
            json.writeNumberField("rejectedInDlq", summary.rejected());
            json.writeNumberField("undecodable", summary.undecodable());
            json.writeEndObject();
        }
        return text.toString();
    }

    static String errorLine(String message) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("kind", "error");
            json.writeStringField("message", "The export stopped: " + message + ". Resume with the cursor of the last line received.");
            json.writeEndObject();
        }
        return text.toString();
    }
}
