package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.rankings.FiguresGatherer;
import dev.modelperf.query.stats.ClusterStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint's access rule over real HTTP, with {@code auth.keys.file} set: no key is 401, a
 * key of the wrong role or naming another tenant is 403, {@code tenant} defaults to the key's, an
 * ingested event of another tenant is refused naming the field, {@code /internal/} answers the
 * instance key only, and the probes stay open.
 */
class AccessControlIT {

    private static final String ACME_INGEST = "acme-ingest-0123456789";
    private static final String ACME_READ = "acme-read-0123456789";
    private static final String OTHER_READ = "other-read-0123456789";
    private static final String ADMIN = "ops-admin-0123456789";
    private static final String INSTANCE = "instance-key-0123456789";

    /** Every GET a read key may make for its tenant (paths answered 200 or, for an unknown model, 404). */
    private static final List<String> READS = List.of(
            "/api/v1/rankings?window=1h",
            "/api/v1/recommendation?category=code",
            "/api/v1/predict?category=code&model=acme%2Fm1",
            "/api/v1/categories",
            "/api/v1/models",
            "/api/v1/models/acme%2Fm1/metrics",
            "/api/v1/summary",
            "/api/v1/trends",
            "/api/v1/health",
            "/api/v1/health/acme%2Fm1",
            "/api/v1/alerts");
    private static final List<String> INGESTS = List.of("/api/v1/events/calls", "/api/v1/events/feedback");
    private static final List<String> INTERNALS = List.of(
            FiguresGatherer.INTERNAL_PATH + "?tenant=acme&window=1h&category=*",
            ClusterStats.INTERNAL_PATH + "?tenant=acme&from=0&to=1");
    private static final List<String> OPEN = List.of("/healthz", "/readyz", "/openapi.json");

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        Path keys = Files.writeString(dir.resolve("keys.csv"), String.join("\n",
                "# key,tenant,role",
                ACME_INGEST + ",acme,ingest",
                ACME_READ + ",acme,read",
                OTHER_READ + ",other,read",
                ADMIN + ",ops,admin") + "\n");
        process = TestServers.start(stack, TestServers.settings(stack, "access-it-" + UUID.randomUUID(), dir.resolve("state"),
                "auth.keys.file", keys.toString(), "auth.internal.key", INSTANCE));
        api = TestServers.api(process);
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
    void withoutAKeyOnlyTheProbesAndTheApiDocumentAnswer() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String path : READS) {
            HttpResponse<String> response = get(path, null);
            soft.assertThat(response.statusCode()).as(path).isEqualTo(401);
            soft.assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            soft.assertThat(json(response).get("error").asText()).as(path).isEqualTo("unauthorized");
        }
        for (String path : INGESTS) {
            soft.assertThat(post(path, null, "{}").statusCode()).as(path).isEqualTo(401);
        }
        for (String path : INTERNALS) {
            soft.assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        soft.assertThat(get("/metrics", null).statusCode()).as("/metrics").isEqualTo(401);
        for (String path : OPEN) {
            soft.assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
        }
        soft.assertThat(get("/api/v1/models", "no-such-key-0123456789").statusCode()).as("unknown key").isEqualTo(401);
        soft.assertAll();
    }

    @Test
    void aReadKeyReadsItsOwnTenantOnly() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String path : READS) {
            soft.assertThat(get(path, ACME_READ).statusCode()).as(path + " own tenant").isIn(200, 404);
            soft.assertThat(get(path + (path.contains("?") ? "&" : "?") + "tenant=acme", ACME_READ).statusCode())
                    .as(path + " naming its tenant").isIn(200, 404);
            HttpResponse<String> other = get(path + (path.contains("?") ? "&" : "?") + "tenant=other", ACME_READ);
            soft.assertThat(other.statusCode()).as(path + " another tenant").isEqualTo(403);
            soft.assertThat(json(other).get("parameter").asText()).as(path).isEqualTo("tenant");
        }
        for (String path : INGESTS) {
            soft.assertThat(post(path, ACME_READ, "{}").statusCode()).as(path + " by a read key").isEqualTo(403);
        }
        soft.assertThat(get("/metrics", ACME_READ).statusCode()).as("/metrics by a read key").isEqualTo(403);
        soft.assertThat(json(get("/api/v1/alerts", ACME_READ)).get("tenant").asText()).as("alerts default to the key's tenant")
                .isEqualTo("acme");
        soft.assertAll();
    }

    @Test
    void anIngestKeyPostsEventsOfItsTenantOnly() throws Exception {
        String model = "acme/m-" + UUID.randomUUID();
        String call = "{\"model\":\"" + model + "\",\"provider\":\"acme\",\"category\":\"code\",\"latencyMs\":100,\"status\":\"OK\"";

        HttpResponse<String> foreign = post("/api/v1/events/calls", ACME_INGEST, "[" + call + "}, " + call + ",\"tenant\":\"other\"}]");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json(foreign).get("parameter").asText()).isEqualTo("tenant");
        assertThat(json(foreign).get("message").asText()).isEqualTo("event 1: tenant 'other' is not this key's tenant ('acme')");

        assertThat(post("/api/v1/events/calls", ACME_INGEST, call + "}").statusCode()).as("no tenant: the key's").isEqualTo(202);
        assertThat(post("/api/v1/events/calls", ACME_INGEST, call + ",\"tenant\":\"acme\"}").statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/events/feedback", ACME_INGEST, "{\"callEventId\":\"" + UUID.randomUUID()
                + "\",\"rating\":1,\"source\":\"USER\",\"tenant\":\"other\"}").statusCode()).as("feedback of another tenant").isEqualTo(403);
        for (String path : READS) {
            assertThat(get(path, ACME_INGEST).statusCode()).as(path + " by an ingest key").isEqualTo(403);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> modelsOf(ACME_READ, "").contains(model));
        assertThat(modelsOf(OTHER_READ, "")).as("another tenant's key does not see it").doesNotContain(model);
        assertThat(modelsOf(ADMIN, "?tenant=acme")).as("an admin names any tenant").contains(model);
        assertThat(modelsOf(ADMIN, "")).as("an admin's default is its own tenant").doesNotContain(model);
        assertThat(modelsOf(ACME_READ, "/" + model.replace("/", "%2F") + "/metrics")).as("a keyed read defaults to the key's tenant")
                .isNotNull();
    }

    @Test
    void anAdminKeyReadsEveryTenantButNotTheInternalPaths() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String path : READS) {
            soft.assertThat(get(path + (path.contains("?") ? "&" : "?") + "tenant=other", ADMIN).statusCode()).as(path).isIn(200, 404);
        }
        soft.assertThat(json(get("/api/v1/alerts", ADMIN)).get("tenant").isNull()).as("an admin's alerts: every tenant").isTrue();
        for (String path : INTERNALS) {
            HttpResponse<String> response = get(path, ADMIN);
            soft.assertThat(response.statusCode()).as(path + " by an admin").isEqualTo(403);
            soft.assertThat(get(path, INSTANCE).statusCode()).as(path + " by an instance").isEqualTo(200);
        }
        soft.assertAll();
    }

    private List<String> modelsOf(String key, String suffix) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/models" + suffix, key);
        if (suffix.endsWith("/metrics")) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return List.of();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).findValuesAsText("model");
    }

    private HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        return http.send(request(path, key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String body) throws IOException, InterruptedException {
        return http.send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30));
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body());
    }
}
