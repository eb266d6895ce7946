package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.query.export.ExportAvro;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code modelperf export} against a real server with access control: the file holds each
 * call once with its feedback; a file left by a crash (a half line after the last save) is
 * completed by {@code --resume} into the very file an uninterrupted export writes; only an admin
 * key exports every tenant; the Avro file holds the same calls.
 */
class ExportCommandIT {

    private static final String READ_KEY = "export-read-" + UUID.randomUUID();
    private static final String ADMIN_KEY = "export-admin-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String url;
    private static String since;
    private static String until;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        Path keys = Files.writeString(dir.resolve("keys.csv"), READ_KEY + ",acme,read\n" + ADMIN_KEY + ",ops,admin\n");
        process = TestServers.start(stack, TestServers.settings(stack, "export-cli-it-" + UUID.randomUUID(), dir.resolve("state"),
                "auth.keys.file", keys.toString(), "auth.internal.key", "export-it-instance-key-0123"));
        url = TestServers.api(process);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        since = now.minus(Duration.ofMinutes(20)).toString();
        until = now.minus(Duration.ofMinutes(1)).toString();
        for (String tenant : List.of("acme", "globex")) {
            try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                    .registryUrl(stack.registryUrl()).tenant(tenant).clientId("export-cli-" + tenant).build()) {
                int calls = tenant.equals("acme") ? 300 : 50;
                for (int i = 0; i < calls; i++) {
                    String id = tenant + "-" + i;
                    Instant time = now.minus(Duration.ofMinutes(19)).plusMillis(3_000L * i);
                    client.record(ModelCall.newBuilder().setEventId(id).setTimestamp(time).setTenant(tenant)
                            .setModel("m" + i % 5).setProvider("p").setCategory("code").setLatencyMs(100 + i)
                            .setStatus(CallStatus.OK).build());
                    if (i % 4 == 0) {
                        client.feedback(Feedback.newBuilder().setEventId("fb-" + id).setTimestamp(time.plusSeconds(5))
                                .setTenant(tenant).setCallEventId(id).setRating(1).build());
                    }
                }
                client.flush();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void exportsEachCallOnceAndResumesACutFileIntoTheSameFile() throws Exception {
        Path full = dir.resolve("full.jsonl");
        Run complete = run("--api", url, "--api-key", READ_KEY, "--since", since, "--until", until, "--output", full.toString());
        assertThat(complete.code()).as(complete.err()).isEqualTo(0);
        assertThat(complete.out()).contains("Exported 300 calls (75 feedback, 0 judgments) and 0 comparisons");
        assertThat(complete.err()).contains("100%");
        List<String> lines = Files.readAllLines(full);
        assertThat(lines).hasSize(300);
        assertThat(lines.stream().map(line -> parse(line).get("eventId").asText()).distinct()).hasSize(300);
        assertThat(lines).allSatisfy(line -> assertThat(parse(line).get("tenant").asText()).isEqualTo("acme"));
        assertThat(lines.stream().mapToInt(line -> parse(line).get("feedback").size()).sum()).isEqualTo(75);

        // What a crash leaves: the lines saved up to the last cursor save, then half a line.
        int saved = 120;
        Path cut = dir.resolve("cut.jsonl");
        StringBuilder kept = new StringBuilder();
        ObjectNode cursor = (ObjectNode) JSON.readTree(ExportCommand.cursorFile(full).toFile());
        ObjectNode positions = cursor.putObject("positions");
        for (String line : lines.subList(0, saved)) {
            kept.append(line).append('\n');
            JsonNode parsed = parse(line);
            positions.put(parsed.get("kind").asText() + ":" + parsed.get("partition").asInt(), parsed.get("offset").asLong());
        }
        cursor.put("bytes", kept.toString().getBytes(StandardCharsets.UTF_8).length);
        Files.writeString(cut, kept + lines.get(saved).substring(0, 40));
        JSON.writeValue(ExportCommand.cursorFile(cut).toFile(), cursor);

        Run resumed = run("--api", url, "--api-key", READ_KEY, "--output", cut.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(0);
        assertThat(resumed.out()).contains("Exported " + (300 - saved) + " calls");
        assertThat(Files.readAllBytes(cut)).isEqualTo(Files.readAllBytes(full));

        Run again = run("--api", url, "--api-key", READ_KEY, "--since", since, "--output", full.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void onlyAnAdminKeyExportsEveryTenant() throws Exception {
        Run refused = run("--api", url, "--api-key", READ_KEY, "--since", since, "--until", until, "--tenant", "*",
                "--output", dir.resolve("refused.jsonl").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("403").contains("tenant");

        Path all = dir.resolve("all.jsonl");
        Run admin = run("--api", url, "--api-key", ADMIN_KEY, "--since", since, "--until", until, "--tenant", "*",
                "--kinds", "calls", "--output", all.toString());
        assertThat(admin.code()).as(admin.err()).isEqualTo(0);
        List<String> lines = Files.readAllLines(all);
        assertThat(lines).hasSize(350);
        assertThat(lines).allSatisfy(line -> assertThat(parse(line).has("feedback")).isFalse());
    }

    @Test
    void writesTheSameCallsAsAnAvroFile() throws Exception {
        Path file = dir.resolve("acme.avro");
        Run avro = run("--api", url, "--api-key", READ_KEY, "--since", since, "--until", until, "--format", "avro",
                "--output", file.toString());
        assertThat(avro.code()).as(avro.err()).isEqualTo(0);
        List<String> ids = new ArrayList<>();
        int feedback = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            assertThat(reader.getSchema()).isEqualTo(ExportAvro.LINE);
            for (GenericRecord record : reader) {
                assertThat(record.get("kind").toString()).isEqualTo("call");
                ids.add(((GenericRecord) record.get("call")).get("eventId").toString());
                feedback += ((List<?>) record.get("feedback")).size();
            }
        }
        assertThat(ids).hasSize(300).doesNotHaveDuplicates().allMatch(id -> id.startsWith("acme-"));
        assertThat(feedback).isEqualTo(75);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ExportCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
