package dev.modelperf.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium, against the server on the real local broker with
 * access control on and known calls ({@link DashboardData}): what a user sees (rankings rows and their order, a chart's
 * points, a blacklisted model's badge, a selector changing the answer, a live update without a
 * reload), that no request the page makes is answered with a 4xx, and that without a key the page
 * asks for one. The per-minute trends the page reads are checked over HTTP first; those checks
 * need no browser. Chromium and chromedriver come from Debian's {@code chromium} and
 * {@code chromium-driver} packages ({@code .ci/run} installs them); where they are missing the
 * browser tests are skipped, saying so. The tests run in order: the third adds a call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String TENANT = DashboardData.TENANT;
    private static final String SAGE = DashboardData.SAGE;
    private static final String THRIFT = DashboardData.THRIFT;
    private static final String FLAKY = DashboardData.FLAKY;
    private static final List<Integer> MINUTES_BACK = DashboardData.MINUTES_BACK;

    private static final Path CHROMIUM = Path.of(System.getProperty("modelperf.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("modelperf.chromedriver", "/usr/bin/chromedriver"));
    /** Where the screenshots go; docs/images holds those of a real run. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("modelperf.screenshots.dir", "target/dashboard-screenshots"));
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static final String READ_KEY = "dash-read-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String base;
    private static ModelPerfClient client;
    private static Instant currentMinute;
    private static ChromeDriver browser;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        Path keys = Files.writeString(dir.resolve("keys.csv"), "# key,tenant,role\n" + READ_KEY + "," + TENANT + ",read\n");
        process = TestServers.start(stack, TestServers.settings(stack, "dashboard-it-" + UUID.randomUUID(), dir.resolve("state"),
                "auth.keys.file", keys.toString(), "auth.internal.key", "dashboard-it-instance", "rankings.refresh.interval", "200ms"));
        base = TestServers.api(process);
        client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers()).registryUrl(stack.registryUrl())
                .tenant(TENANT).build();
        currentMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        DashboardData.record(client, DashboardData.healthyCalls(currentMinute));
        // The blacklist's safety valve must see the flaky model's peers before it may blacklist it.
        await().atMost(DEADLINE).until(() -> api("/api/v1/health").get("models").size() == 3);
        DashboardData.record(client, DashboardData.failures(currentMinute));
        DashboardData.recordComparisons(client, DashboardData.comparisons(Instant.now()));
        await().atMost(DEADLINE).until(() -> samples(api("/api/v1/rankings?category=code/backend&window=1h"))
                .equals(Map.of(SAGE, 40L, THRIFT, 40L, FLAKY, 15L))
                && api("/api/v1/health?status=BLACKLISTED").get("models").size() == 1
                && api("/api/v1/ratings?category=code/backend&window=1d").get("comparisons").asLong() == 60);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (client != null) {
            client.close();
        }
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void cleanBrowser() {
        if (browser != null) {
            browser.manage().window().setSize(new Dimension(1400, 1000));
            browser.get(base + "/favicon.svg");
            script("sessionStorage.clear(); localStorage.clear();");
        }
    }

    @Test
    @Order(1)
    void trendsPerMinuteHaveAPointForEachMinuteWithCallsAndTheSpansTotal() throws Exception {
        JsonNode trend = api("/api/v1/trends?interval=minute&window=1h");
        assertThat(trend.get("interval").asText()).isEqualTo("minute");
        assertThat(trend.get("window").asText()).isEqualTo("1h");
        assertThat(trend.get("days").isNull()).isTrue();
        List<String> starts = new ArrayList<>();
        trend.get("points").forEach(p -> starts.add(p.get("start").asText()));
        assertThat(starts).containsExactlyElementsOf(MINUTES_BACK.stream()
                .map(m -> currentMinute.minus(Duration.ofMinutes(m)).toString()).toList());
        assertThat(trend.get("points").get(0).get("stats").get("count").asLong()).isEqualTo(26);
        assertThat(trend.get("total").get("count").asLong()).isEqualTo(4 * 26 + 3);
        assertThat(trend.get("total").get("successes").asLong()).isEqualTo(4 * 26);

        JsonNode sage = api("/api/v1/trends?interval=minute&window=1h&model=" + SAGE + "&category=code");
        assertThat(sage.get("points")).hasSize(4);
        assertThat(sage.get("total").get("count").asLong()).isEqualTo(40);
        assertThat(sage.get("total").get("latencyMs").get("p95").asDouble()).isBetween(891.0, 909.0);

        assertThat(api("/api/v1/trends?interval=minute").get("window").asText()).as("a per-minute series covers an hour by default")
                .isEqualTo("1h");
        assertThat(api("/api/v1/trends?interval=hour&days=1").get("total").get("count").asLong()).isEqualTo(4 * 26 + 3);
        assertError("/api/v1/trends?interval=minute&window=7d", "window",
                "window must span at most 24.0 hours with interval=minute (1-minute aggregates are kept window.minute.retention)");
        assertError("/api/v1/trends?interval=minute&days=2", "days",
                "days must span at most 24.0 hours with interval=minute (1-minute aggregates are kept window.minute.retention)");
        assertError("/api/v1/trends?window=1h&days=1", "window", "window must not be given with days: both set the span");
    }

    @Test
    @Order(3)
    void theDashboardShowsWhatTheApiAnswersAndUpdatesLive() throws Exception {
        openBrowser();
        browser.get(base + "/favicon.svg");
        script("sessionStorage.setItem('modelperf.apiKey', arguments[0]);", READ_KEY);
        browser.get(base + "/#/overview?tenant=" + TENANT + "&window=1h");

        await().atMost(DEADLINE).until(() -> figure("calls").equals("107"));
        assertThat(figure("success")).isEqualTo("97.2 %");
        assertThat(chartPoints("[data-trend=calls]")).as("one point per minute with calls").isEqualTo(MINUTES_BACK.size());
        assertThat(text("[data-count=unhealthy]")).isEqualTo("1");
        JsonNode best = api("/api/v1/summary?days=1").get("bestModelByCategory");
        List<String> bestShown = browser.findElements(By.cssSelector("#best tr[data-category]")).stream()
                .map(row -> row.getAttribute("data-category") + " " + row.findElement(By.cssSelector("td:nth-child(2)")).getText()).toList();
        List<String> bestAnswered = new ArrayList<>();
        best.fields().forEachRemaining(e -> bestAnswered.add(e.getKey() + " " + e.getValue().asText()));
        assertThat(bestShown).containsExactlyInAnyOrderElementsOf(bestAnswered).hasSize(5);
        double paintMs = ((Number) script("return performance.getEntriesByName('modelperf:overview-rendered')[0].startTime;"))
                .doubleValue();
        double contentfulMs = ((Number) script("const p = performance.getEntriesByName('first-contentful-paint')[0];"
                + " return p ? p.startTime : -1;")).doubleValue();
        System.out.printf("Dashboard overview: first contentful paint %.0f ms, figures and charts drawn %.0f ms after navigation start%n",
                contentfulMs, paintMs);
        screenshot("dashboard-overview.png");

        // Live: new calls appear without a reload (the page's own state survives).
        script("window.stillTheSamePage = true;");
        DashboardData.record(client, List.of(DashboardData.call(SAGE, "code/backend",
                currentMinute.minus(Duration.ofMinutes(1)).plusSeconds(50), CallStatus.OK, 900, 0.04, 0.95)));
        await().atMost(DEADLINE).until(() -> figure("calls").equals("108"));
        assertThat(script("return window.stillTheSamePage === true;")).isEqualTo(true);
        assertThat(chartPoints("[data-trend=calls]")).isEqualTo(MINUTES_BACK.size());

        browser.get(base + "/#/rankings?tenant=" + TENANT + "&window=1h&category=code/backend&priority=quality");
        await().atMost(DEADLINE).until(() -> rankedModels().size() == 3);
        assertThat(rankedModels()).isEqualTo(apiOrder("quality")).startsWith(SAGE);
        WebElement flaky = browser.findElement(By.cssSelector("#rankings tr[data-model='" + FLAKY + "'] .badge[data-health]"));
        assertThat(flaky.getText()).isEqualTo("BLACKLISTED");
        assertThat(browser.findElement(By.cssSelector("#rankings tr[data-model='" + SAGE + "'] .badge[data-health]")).getText())
                .isEqualTo("HEALTHY");
        assertThat(texts("#tree a")).containsExactly("all categories", "code", "backend", "writing", "blog");
        assertThat(text("#tree li.current a")).isEqualTo("backend");
        screenshot("dashboard-rankings.png");

        // Under the rankings, the category's ratings from its 60 comparisons, each with its interval.
        await().atMost(DEADLINE).until(() -> browser.findElements(By.cssSelector("#ratings tr[data-model]")).size() == 3);
        JsonNode ratings = api("/api/v1/ratings?category=code/backend&window=1d");
        List<String> ratedOrder = new ArrayList<>();
        List<String> intervals = new ArrayList<>();
        ratings.get("ratings").forEach(r -> {
            ratedOrder.add(r.get("model").asText());
            intervals.add(Math.round(r.get("low").asDouble()) + "\u2013" + Math.round(r.get("high").asDouble()));
        });
        assertThat(ratedOrder).containsExactly(SAGE, THRIFT, FLAKY);
        assertThat(texts("#ratings tr[data-model] td:nth-child(2)")).isEqualTo(ratedOrder);
        assertThat(texts("#ratings tr[data-model] .interval-text")).isEqualTo(intervals);
        assertThat(browser.findElements(By.cssSelector("#ratings tr[data-model] .interval-whisker"))).hasSize(3);
        assertThat(text("#ratings-basis")).startsWith("60 comparisons in code/backend over 1d (since ");
        WebElement ratingsPanel = browser.findElement(By.id("ratings-panel"));
        script("arguments[0].scrollIntoView();", ratingsPanel);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("dashboard-ratings.png"), ratingsPanel.getScreenshotAs(OutputType.BYTES));

        new Select(browser.findElement(By.id("priority"))).selectByValue("cost");
        await().atMost(DEADLINE).until(() -> browser.getCurrentUrl().contains("priority=cost")
                && !rankedModels().isEmpty() && rankedModels().get(0).equals(THRIFT));
        assertThat(rankedModels()).isEqualTo(apiOrder("cost"));

        browser.findElement(By.linkText(SAGE)).click();
        await().atMost(DEADLINE).until(() -> browser.findElements(By.cssSelector("#by-category tr[data-category]")).size() == 0
                && text("#figures-calls").contains("Latency p95") && chartPoints("#chart-latency") == MINUTES_BACK.size());
        assertThat(text("#model-name")).isEqualTo(SAGE);
        assertThat(text("#figures-calls")).contains("Calls 41").contains("Success rate 100.0 %");

        browser.get(base + "/#/health?tenant=" + TENANT + "&window=1h");
        await().atMost(DEADLINE).until(() -> !browser.findElements(By.cssSelector(".unhealthy tr[data-model]")).isEmpty());
        assertThat(texts(".unhealthy tr[data-model] td:first-child")).containsExactly(FLAKY);
        assertThat(text(".unhealthy tr[data-model] .countdown")).as("about an hour after the third failure").matches("5\\d min \\d\\d s");
        await().atMost(DEADLINE).until(() -> !browser.findElements(By.cssSelector("#firing tr[data-rule]")).isEmpty());
        assertThat(texts("#firing tr[data-rule] td:first-child")).containsExactly("model-blacklisted");
        screenshot("dashboard-health.png");

        assertNoClientErrors();
    }

    @Test
    @Order(2)
    void withoutAKeyThePageAsksForOneAndThenSendsIt() throws Exception {
        openBrowser();
        browser.get(base + "/#/overview?tenant=" + TENANT);
        await().atMost(DEADLINE).until(() -> browser.findElement(By.id("key-form")).isDisplayed());
        assertThat(text("#banner")).startsWith("Send an API key as 'Authorization: Bearer KEY'");
        assertThat(responses()).filteredOn(r -> r.status() >= 400).as("one refused request, then the page waits for a key")
                .hasSize(1).allMatch(r -> r.status() == 401);

        browser.findElement(By.id("key")).sendKeys(READ_KEY);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        await().atMost(DEADLINE).until(() -> !figure("calls").equals("\u2014"));
        assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isFalse();
        assertThat(browser.getCurrentUrl()).doesNotContain(READ_KEY);
        assertThat(responses()).filteredOn(r -> r.status() >= 400).hasSize(1);
    }

    @Test
    @Order(4)
    void fitsAPhoneScreen() throws Exception {
        openBrowser();
        browser.get(base + "/favicon.svg");
        script("sessionStorage.setItem('modelperf.apiKey', arguments[0]);", READ_KEY);
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(base + "/#/rankings?tenant=" + TENANT + "&window=1h&category=code/backend");
        await().atMost(DEADLINE).until(() -> rankedModels().size() == 3);
        assertThat(((Number) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).intValue())
                .as("nothing wider than the screen: wide tables scroll inside their panel").isLessThanOrEqualTo(0);
        screenshot("dashboard-phone.png");
        assertNoClientErrors();
    }

    @Test
    @Order(5)
    void theRatingsPanelDrawsEachModelsIntervalOnOneAxisAndSaysWhenThereIsNothingToRate() throws Exception {
        openBrowser();
        browser.get(base + "/favicon.svg");
        script("sessionStorage.setItem('modelperf.apiKey', arguments[0]);", READ_KEY);
        // A page without a ratings panel of its own, so that the one drawn below is the only one.
        browser.get(base + "/#/health?tenant=" + TENANT);
        await().atMost(DEADLINE).until(() -> !browser.findElements(By.cssSelector("#all-models tbody tr")).isEmpty());
        String answer = """
                {"tenant":"dash","category":"code","window":"7d","from":"2026-11-26T00:00:00Z","comparisons":40,"pairs":120,
                 "scale":{"center":1000,"perLogit":173.72},
                 "ratings":[
                  {"rank":1,"model":"acme/sage","rating":1123.4,"low":1098.0,"high":1149.1,"wins":30.5,"losses":9.5,"comparisons":40},
                  {"rank":2,"model":"acme/thrift","rating":990.0,"low":950.5,"high":1030.2,"wins":20,"losses":20,"comparisons":40},
                  {"rank":3,"model":"nova/flaky:7b","rating":886.6,"low":850.0,"high":921.0,"wins":9.5,"losses":30.5,"comparisons":40}],
                 "asOf":"2026-12-02T10:00:00Z"}""";
        String empty = """
                {"tenant":"dash","category":"code","window":"1d","comparisons":0,"pairs":0,
                 "scale":{"center":1000,"perLogit":173.72},"ratings":[],"asOf":"2026-12-02T10:00:00Z"}""";

        assertThat(drawRatings(answer, "undefined")).isEqualTo("rated");
        assertThat(texts("#contract-panel tr[data-model] td:nth-child(2)")).containsExactly(SAGE, THRIFT, FLAKY);
        assertThat(texts("#contract-panel tr[data-model] .interval-text")).containsExactly("1098\u20131149", "951\u20131030", "850\u2013921");
        assertThat(text("#contract-panel #ratings-basis")).startsWith("40 comparisons in code over 7d (since ").contains(", 120 pairwise results");
        // On the shared axis: each dot inside its whisker, and the whiskers in the order of the ratings.
        List<double[]> whiskers = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#contract-panel tr[data-model]"))) {
            double[] whisker = span(row.findElement(By.cssSelector(".interval-whisker")));
            double[] dot = span(row.findElement(By.cssSelector(".interval-dot")));
            assertThat((dot[0] + dot[1]) / 2).isBetween(whisker[0], whisker[1]);
            whiskers.add(whisker);
        }
        assertThat(whiskers.get(0)[0]).as("sage's interval starts right of thrift's end").isGreaterThan(whiskers.get(1)[1]);
        assertThat(whiskers.get(1)[0]).isGreaterThan(whiskers.get(2)[0]);
        assertThat(whiskers.get(2)[1] - whiskers.get(2)[0]).as("flaky's interval is the narrowest")
                .isLessThan(whiskers.get(1)[1] - whiskers.get(1)[0]);

        assertThat(drawRatings(empty, "undefined")).isEqualTo("empty");
        assertThat(text("#contract-panel #ratings tbody")).isEqualTo("No comparisons yet in code over 1d.");
        assertThat(drawRatings("null", "new api.ApiError(404, null)")).isEqualTo("error");
        assertThat(text("#contract-panel #ratings-basis"))
                .isEqualTo("Ratings are not served by this server (GET /api/v1/ratings answered 404).");
        assertThat(drawRatings("null", "new api.ApiError(500, {message: 'stores not ready'})")).isEqualTo("error");
        assertThat(text("#contract-panel #ratings-basis")).isEqualTo("Ratings unavailable: 500: stores not ready");
        assertThat(browser.findElements(By.cssSelector("#contract-panel tr[data-model]"))).isEmpty();
    }

    /**
     * Draws {@code answerJson} (or {@code error}, a script expression over the page's api module)
     * with the dashboard's own ratings module into a panel of its own; returns the panel's state.
     */
    private static String drawRatings(String answerJson, String error) {
        return (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                const answer = JSON.parse(arguments[0]);
                const done = arguments[arguments.length - 1];
                Promise.all([import('/assets/ratings.js'), import('/assets/api.js')]).then(([ratings, api]) => {
                  document.getElementById('contract-panel')?.remove();
                  const panel = document.createElement('section');
                  panel.id = 'contract-panel';
                  panel.innerHTML = ratings.skeleton();
                  document.getElementById('view').append(panel);
                  ratings.render(panel, answer, 'code', %s);
                  done(panel.dataset.state);
                }, e => done('failed: ' + e));""".formatted(error), answerJson);
    }

    /** An element's left and right edge on the page, in CSS pixels. */
    private static double[] span(WebElement element) {
        @SuppressWarnings("unchecked")
        List<Number> edges = (List<Number>) script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", element);
        return new double[] {edges.get(0).doubleValue(), edges.get(1).doubleValue()};
    }

    /** Starts the browser once, or skips saying why when Chromium is not installed. */
    private static void openBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "Skipped: the dashboard's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
            System.out.println(why);
            Assumptions.abort(why);
        }
        if (browser != null) {
            return;
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // Without these, Chromium on a machine with no network stalls on background fetches.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(DEADLINE).scriptTimeout(DEADLINE);
    }

    /** What the page's requests were answered: the Resource Timing entries of the current page. */
    private static List<Response> responses() {
        List<Response> responses = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<List<Object>> entries = (List<List<Object>>) script(
                "return performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus]);");
        entries.forEach(e -> responses.add(new Response(String.valueOf(e.get(0)), ((Number) e.get(1)).intValue())));
        return responses;
    }

    private record Response(String url, int status) {
    }

    private static void assertNoClientErrors() {
        List<Response> responses = responses();
        assertThat(responses).as("the page asked the API").anyMatch(r -> r.url().contains("/api/v1/"));
        assertThat(responses).as("every request the page made").allMatch(r -> r.status() >= 200 && r.status() < 400, "answered without an error");
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static String figure(String tile) {
        return text("[data-figure=" + tile + "]");
    }

    private static int chartPoints(String selector) {
        String points = browser.findElement(By.cssSelector(selector)).getAttribute("data-points");
        return points == null ? -1 : Integer.parseInt(points);
    }

    private static String text(String selector) {
        return browser.findElement(By.cssSelector(selector)).getText();
    }

    private static List<String> texts(String selector) {
        return browser.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
    }

    private static List<String> rankedModels() {
        return browser.findElements(By.cssSelector("#rankings tbody tr[data-model]")).stream()
                .map(row -> row.getAttribute("data-model")).toList();
    }

    private static List<String> apiOrder(String priority) throws Exception {
        List<String> order = new ArrayList<>();
        api("/api/v1/rankings?category=code/backend&window=1h&mode=best&priority=" + priority).get("models")
                .forEach(m -> order.add(m.get("model").asText()));
        return order;
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static Map<String, Long> samples(JsonNode rankings) {
        Map<String, Long> samples = new java.util.HashMap<>();
        rankings.get("models").forEach(m -> samples.put(m.get("model").asText(), m.get("samples").asLong()));
        return samples;
    }

    private static HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path + (path.contains("?") ? "&" : "?") + "tenant=" + TENANT))
                .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private static void assertError(String path, String parameter, String message) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = mapper.readTree(response.body());
        assertThat(error.get("parameter").asText()).isEqualTo(parameter);
        assertThat(error.get("message").asText()).isEqualTo(message);
    }
}
