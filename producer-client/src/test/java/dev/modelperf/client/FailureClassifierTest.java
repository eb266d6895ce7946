package dev.modelperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "429, RATE_LIMITED",
        "400, CLIENT_ERROR",
        "401, CLIENT_ERROR",
        "403, CLIENT_ERROR",
        "404, CLIENT_ERROR",
        "413, CLIENT_ERROR",
        "422, CLIENT_ERROR",
        "408, TIMEOUT",
        "504, TIMEOUT",
        "500, SERVER_ERROR",
        "502, SERVER_ERROR",
        "503, SERVER_ERROR",
        "529, SERVER_ERROR",
    })
    void httpStatuses(int status, CallStatus expected) {
        Failure failure = FailureClassifier.ofHttpStatus(status);
        assertThat(failure).isEqualTo(new Failure(expected, String.valueOf(status), "HTTP " + status));
    }

    @Test
    void aContentFilterAnswerIsContentFilteredWhateverItsStatus() {
        assertThat(FailureClassifier.ofHttpStatus(400,
                "{\"error\":{\"code\":\"content_filter\",\"message\":\"The response was filtered due to the prompt "
                        + "triggering Azure OpenAI's content management policy.\"}}").status())
                .isEqualTo(CallStatus.CONTENT_FILTERED);
        assertThat(FailureClassifier.ofHttpStatus(400, "Your request was rejected as a result of our safety system.").status())
                .isEqualTo(CallStatus.CONTENT_FILTERED);
        assertThat(FailureClassifier.ofHttpStatus(400, "max_tokens is too large").status()).isEqualTo(CallStatus.CLIENT_ERROR);
    }

    @Test
    void onlyFailedStatusesAreFailures() {
        assertThatThrownBy(() -> FailureClassifier.ofHttpStatus(200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a failed HTTP call has a status between 400 and 599 (was 200)");
    }

    /** Shaped like the OpenAI and Anthropic Java SDKs' service exceptions. */
    static class ProviderServiceException extends RuntimeException {
        private final int statusCode;

        ProviderServiceException(int statusCode, String message) {
            super(message);
            this.statusCode = statusCode;
        }

        public int statusCode() {
            return statusCode;
        }
    }

    /** Shaped like Spring's WebClientResponseException: the status is an object with value(). */
    static class SpringStyleException extends RuntimeException {
        public record Status(int value) {
        }

        SpringStyleException() {
            super("502 Bad Gateway from POST https://llm.internal/v1/chat");
        }

        public Status getStatusCode() {
            return new Status(502);
        }
    }

    static class RateLimitError extends RuntimeException {
        RateLimitError() {
            super("slow down");
        }
    }

    static class ReadTimeoutException extends RuntimeException {
        ReadTimeoutException() {
            super(null, null);
        }
    }

    static class ContentFilterFinishReasonException extends RuntimeException {
        ContentFilterFinishReasonException() {
            super("finish reason was not stop");
        }
    }

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(new ProviderServiceException(429, "Rate limit reached for gpt-4o"), CallStatus.RATE_LIMITED),
                Arguments.of(new ProviderServiceException(400, "Invalid 'messages'"), CallStatus.CLIENT_ERROR),
                Arguments.of(new ProviderServiceException(500, "The server had an error"), CallStatus.SERVER_ERROR),
                Arguments.of(new ProviderServiceException(400, "content_policy_violation: prompt rejected"),
                        CallStatus.CONTENT_FILTERED),
                Arguments.of(new SpringStyleException(), CallStatus.SERVER_ERROR),
                Arguments.of(new SocketTimeoutException("Read timed out"), CallStatus.TIMEOUT),
                Arguments.of(new HttpTimeoutException("request timed out"), CallStatus.TIMEOUT),
                Arguments.of(new InterruptedIOException("timeout"), CallStatus.TIMEOUT),
                Arguments.of(new TimeoutException(), CallStatus.TIMEOUT),
                Arguments.of(new ReadTimeoutException(), CallStatus.TIMEOUT),
                Arguments.of(new RateLimitError(), CallStatus.RATE_LIMITED),
                Arguments.of(new ContentFilterFinishReasonException(), CallStatus.CONTENT_FILTERED),
                Arguments.of(new ExecutionException(new SocketTimeoutException("connect timed out")), CallStatus.TIMEOUT),
                Arguments.of(new CompletionException(new ProviderServiceException(503, "overloaded")), CallStatus.SERVER_ERROR),
                Arguments.of(new IllegalStateException("wrapped", new ProviderServiceException(429, "quota")), CallStatus.RATE_LIMITED),
                Arguments.of(new IOException("Connection reset"), CallStatus.SERVER_ERROR),
                Arguments.of(new NullPointerException(), CallStatus.SERVER_ERROR));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("exceptions")
    void exceptionsByCauseStatusTypeAndMessage(Throwable error, CallStatus expected) {
        assertThat(FailureClassifier.of(error).status()).isEqualTo(expected);
    }

    @Test
    void errorTypeIsTheClassThatDecidedAndTheMessageIsBounded() {
        Failure failure = FailureClassifier.of(new ExecutionException(new SocketTimeoutException("x".repeat(5000))));
        assertThat(failure.errorType()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(failure.message()).hasSize(1000).endsWith("…");
        assertThat(FailureClassifier.of(new NullPointerException())).isEqualTo(
                new Failure(CallStatus.SERVER_ERROR, "java.lang.NullPointerException", "NullPointerException"));
    }

    @ParameterizedTest(name = "error.type {0} -> {1}")
    @CsvSource({
        "429, RATE_LIMITED",
        "404, CLIENT_ERROR",
        "503, SERVER_ERROR",
        "timeout, TIMEOUT",
        "java.net.SocketTimeoutException, TIMEOUT",
        "openai.RateLimitError, RATE_LIMITED",
        "_OTHER, SERVER_ERROR",
    })
    void openTelemetryErrorTypes(String errorType, CallStatus expected) {
        assertThat(FailureClassifier.ofErrorType(errorType)).isEqualTo(expected);
    }
}
