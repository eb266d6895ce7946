package dev.modelperf.toolbox.load;

import dev.modelperf.client.routing.ModelInvocation;
import dev.modelperf.client.routing.Reply;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.function.LongConsumer;

/**
 * The synthetic models behind an API, for a router to call: each call's outcome, latency, tokens,
 * cost and quality are drawn from the called model's profile ({@link SyntheticTraffic#call}), the
 * call takes that latency, and a failure is thrown as an SDK would throw it — a timeout, or an
 * exception carrying the HTTP status (429, 400, 503) — so the router judges and records it as
 * it would a real one.
 */
public final class SyntheticModels {

    private final SyntheticTraffic traffic;
    private final Clock clock;
    private final LongConsumer waitMs;

    /** {@code waitMs} spends a call's latency: sleeping, for live traffic. */
    public SyntheticModels(SyntheticTraffic traffic, Clock clock, LongConsumer waitMs) {
        this.traffic = traffic;
        this.clock = clock;
        this.waitMs = waitMs;
    }

    /** Models that take their latency by sleeping on the caller's thread. */
    public static SyntheticModels sleeping(SyntheticTraffic traffic) {
        return new SyntheticModels(traffic, Clock.systemUTC(), SyntheticModels::sleep);
    }

    /** Calling a model for {@code request}: the model's answer text, or its failure thrown. */
    public ModelInvocation<String> invocation(SyntheticTraffic.Request request) {
        return model -> {
            ModelCall call = traffic.call(model, request, clock.instant());
            waitMs.accept(call.getLatencyMs());
            if (call.getStatus() != CallStatus.OK) {
                throw failure(call);
            }
            Reply<String> reply = Reply.of("synthetic answer of " + model, call.getInputTokens(), call.getOutputTokens());
            if (call.getCostUsd() != null) {
                reply = reply.costUsd(call.getCostUsd());
            }
            return call.getQualityScore() == null ? reply : reply.qualityScore(call.getQualityScore());
        };
    }

    private static Exception failure(ModelCall call) {
        return switch (call.getStatus()) {
            case TIMEOUT -> new SocketTimeoutException(call.getErrorMessage());
            case RATE_LIMITED -> new HttpStatusException(429, call.getErrorMessage());
            case CLIENT_ERROR -> new HttpStatusException(400, call.getErrorMessage());
            default -> new HttpStatusException(503, call.getErrorMessage());
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a synthetic call", e);
        }
    }

    /** A failed HTTP answer, as SDKs report one: the status through {@code statusCode()}. */
    public static final class HttpStatusException extends Exception {

        private final int statusCode;

        HttpStatusException(int statusCode, String message) {
            super("HTTP " + statusCode + ": " + message);
            this.statusCode = statusCode;
        }

        public int statusCode() {
            return statusCode;
        }
    }
}
