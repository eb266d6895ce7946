package dev.modelperf.toolbox.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls and feedback over HTTP ingest, as a careful client sends them: each event with its own
 * {@code eventId}, and a request that fails (connection refused while the server is down, 503) sent
 * again with the same ids until it is answered 202. On a schedule it also re-posts a batch already
 * answered 202 (a retry after a lost answer) and posts a batch with an invalid event (answered 400,
 * never stored).
 */
public final class IngestLoad implements Runnable {

    private static final List<String> MODELS = List.of("openai/gpt-4o", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash",
            "mistral/mistral-large");
    private static final List<String> CATEGORIES = List.of("code/backend/api", "code/frontend", "writing/blog", "support");
    /** A batch is posted every this often. */
    private static final long TICK_MS = 100;
    /** Every this many ticks an acknowledged batch is posted again. */
    private static final int DUPLICATE_EVERY = 7;
    /** Every this many ticks a batch with an invalid event is posted. */
    private static final int INVALID_EVERY = 20;
    /** One call in this many gets feedback. */
    private static final int FEEDBACK_EVERY = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;
    private final String tenant;
    private final int callsPerTick;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Deque<String> acknowledged = new ArrayDeque<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong feedback = new AtomicLong();
    private final AtomicLong reposted = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Exception failure;

    /** What was sent: each count of events, not requests. */
    public record Sent(long calls, long feedback, long reposted, long retried, long refused) {
    }

    public IngestLoad(String baseUrl, String tenant, int callsPerSecond) {
        this.baseUrl = baseUrl;
        this.tenant = tenant;
        this.callsPerTick = Math.max(1, (int) (callsPerSecond * TICK_MS / 1000));
    }

    @Override
    public void run() {
        long tick = 0;
        long next = System.nanoTime();
        try {
            while (!stop.get()) {
                tick++;
                sendTick(tick);
                next += TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime(); // after an outage, go on at the rate rather than catch up in a burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Asks the sender to stop after the batch in flight, which it still sends until acknowledged. */
    public void stop() {
        stop.set(true);
    }

    /** Why the sender gave up, or null: an answer neither 202, 400 to an invalid batch, 503 nor a connection failure. */
    public Exception failure() {
        return failure;
    }

    public Sent sent() {
        return new Sent(calls.get(), feedback.get(), reposted.get(), retried.get(), refused.get());
    }

    private void sendTick(long tick) throws IOException, InterruptedException {
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Map<String, Object>> judgements = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        for (int i = 0; i < callsPerTick; i++) {
            long n = calls.get() + i;
            String model = MODELS.get((int) (n % MODELS.size()));
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("tenant", tenant);
            call.put("eventId", UUID.randomUUID().toString());
            call.put("timestamp", now);
            call.put("model", model);
            call.put("provider", model.substring(0, model.indexOf('/')));
            call.put("category", CATEGORIES.get((int) (n / MODELS.size() % CATEGORIES.size())));
            call.put("latencyMs", 100 + n % 900);
            call.put("inputTokens", 800);
            call.put("outputTokens", 200);
            call.put("status", n % 13 == 5 ? "SERVER_ERROR" : "OK");
            batch.add(call);
            if (n % FEEDBACK_EVERY == 3) {
                judgements.add(Map.of("tenant", tenant, "eventId", UUID.randomUUID().toString(), "callEventId", call.get("eventId"),
                        "rating", n % 20 == 3 ? 1 : -1));
            }
        }
        String body = mapper.writeValueAsString(batch);
        postUntilStored("/api/v1/events/calls", body, batch.size());
        calls.addAndGet(batch.size());
        remember(body);
        if (!judgements.isEmpty()) {
            postUntilStored("/api/v1/events/feedback", mapper.writeValueAsString(judgements), judgements.size());
            feedback.addAndGet(judgements.size());
        }
        if (tick % DUPLICATE_EVERY == 0) {
            String again = acknowledged.peekFirst();
            int copies = mapper.readTree(again).size();
            postUntilStored("/api/v1/events/calls", again, copies);
            reposted.addAndGet(copies);
        }
        if (tick % INVALID_EVERY == 0) {
            postInvalid(body);
        }
    }

    /** The last few acknowledged batches, the oldest first: a retry after a lost answer comes a little later. */
    private void remember(String body) {
        acknowledged.addLast(body);
        if (acknowledged.size() > 20) {
            acknowledged.removeFirst();
        }
    }

    private void postUntilStored(String path, String body, int events) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> answer = answerOrNull(path, body);
            if (answer != null && answer.statusCode() == 202) {
                return;
            }
            if (answer != null && answer.statusCode() != 503) {
                throw new IOException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            retried.addAndGet(events);
            // Back off before the retry, as a client does: the server is being restarted, or Kafka did not acknowledge.
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The answer, or null when there was none (connection refused or reset while the server is down). */
    private HttpResponse<String> answerOrNull(String path, String body) throws InterruptedException {
        try {
            return post(path, body);
        } catch (IOException noAnswer) {
            return null;
        }
    }

    /** A copy of a good batch with one call's latency negative: refused whole with 400, nothing stored. */
    private void postInvalid(String goodBody) throws IOException, InterruptedException {
        List<Map<String, Object>> batch = mapper.readerForListOf(Map.class).readValue(goodBody);
        batch.forEach(call -> call.put("eventId", UUID.randomUUID().toString()));
        batch.get(0).put("latencyMs", -5);
        HttpResponse<String> answer = answerOrNull("/api/v1/events/calls", mapper.writeValueAsString(batch));
        if (answer == null) {
            return; // the server is down: nothing sent, nothing to count
        }
        if (answer.statusCode() != 400) {
            throw new IOException("An invalid batch was answered " + answer.statusCode() + ": " + answer.body());
        }
        refused.addAndGet(batch.size());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
