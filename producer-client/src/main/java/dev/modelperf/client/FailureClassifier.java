package dev.modelperf.client;

import dev.modelperf.events.CallStatus;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns what an LLM call failed with into a {@link Failure}. HTTP statuses: 429 is
 * {@code RATE_LIMITED}; 408 and 504 are {@code TIMEOUT} (a timeout by any name); other 4xx are
 * {@code CLIENT_ERROR}; other 5xx are {@code SERVER_ERROR}; a response that says a content
 * filter or policy refused the prompt is {@code CONTENT_FILTERED} whatever its status.
 * Exceptions, outermost cause first: content-filter wording, an HTTP status the exception
 * exposes (the {@code statusCode()} / {@code getStatusCode()} / {@code status()} ... accessors
 * of the OpenAI, Anthropic, Spring and most other SDK exceptions), rate-limit exception types,
 * then timeouts (socket, HTTP client, {@code TimeoutException}, any type named {@code *Timeout*});
 * anything else is {@code SERVER_ERROR}, counted against the model, as old readers of an unknown
 * status do.
 */
public final class FailureClassifier {

    private static final Pattern CONTENT_FILTER = Pattern.compile(
            "content[ _-]?(filter|policy|management)|responsible[ _-]?ai|safety[ _-]?(system|filter|block)"
                    + "|(block|finish)[ _-]?reason\\W{0,4}safety", Pattern.CASE_INSENSITIVE);
    private static final List<String> STATUS_ACCESSORS = List.of(
            "statusCode", "getStatusCode", "status", "getStatus", "getRawStatusCode", "httpStatus", "getHttpStatus", "code");
    private static final int MAX_CAUSES = 16;

    private FailureClassifier() {
    }

    /** A failed HTTP response, {@code status} 400-599. */
    public static Failure ofHttpStatus(int status) {
        return ofHttpStatus(status, null);
    }

    /** A failed HTTP response, with its body or error message (checked for content-filter wording). */
    public static Failure ofHttpStatus(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failed HTTP call has a status between 400 and 599 (was " + status + ")");
        }
        String text = message == null || message.isBlank() ? "HTTP " + status : message;
        return new Failure(statusOf(status, message), String.valueOf(status), truncate(text));
    }

    /** What {@code error} (or one of its causes) says about the call. */
    public static Failure of(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable outermost = unwrap(error);
        for (Throwable t = outermost; t != null && seen.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            CallStatus status = statusOf(t);
            if (status != null) {
                return new Failure(status, typeName(t), truncate(describe(t)));
            }
        }
        return new Failure(CallStatus.SERVER_ERROR, typeName(outermost), truncate(describe(outermost)));
    }

    /**
     * The status an OpenTelemetry {@code error.type} value implies: an HTTP status code, or an
     * exception type name judged by its name alone; {@code SERVER_ERROR} when it says nothing more.
     */
    public static CallStatus ofErrorType(String errorType) {
        if (errorType.matches("[1-5]\\d\\d")) {
            int status = Integer.parseInt(errorType);
            return status >= 400 ? statusOf(status, null) : CallStatus.SERVER_ERROR;
        }
        CallStatus byName = statusOfName(errorType);
        return byName != null ? byName : CallStatus.SERVER_ERROR;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CallStatus statusOf(int status, String message) {
        if (message != null && CONTENT_FILTER.matcher(message).find()) {
            return CallStatus.CONTENT_FILTERED;
        }
        if (status == 429) {
            return CallStatus.RATE_LIMITED;
        }
        if (status == 408 || status == 504) {
            return CallStatus.TIMEOUT;
        }
        return status < 500 ? CallStatus.CLIENT_ERROR : CallStatus.SERVER_ERROR;
    }

    private static CallStatus statusOf(Throwable t) {
        String message = t.getMessage();
        if (message != null && CONTENT_FILTER.matcher(message).find()) {
            return CallStatus.CONTENT_FILTERED;
        }
        Integer httpStatus = httpStatusOf(t);
        if (httpStatus != null && httpStatus >= 400) {
            return statusOf(httpStatus, null);
        }
        if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
            // SocketTimeoutException, HttpTimeoutException and OkHttp's "timeout" are all InterruptedIOExceptions.
            return CallStatus.TIMEOUT;
        }
        return statusOfName(t.getClass().getSimpleName());
    }

    private static CallStatus statusOfName(String typeName) {
        String name = typeName.toLowerCase(Locale.ROOT);
        if (name.contains("contentfilter") || name.contains("content_filter") || name.contains("contentpolicy")) {
            return CallStatus.CONTENT_FILTERED;
        }
        if (name.contains("ratelimit") || name.contains("rate_limit") || name.contains("toomanyrequests")) {
            return CallStatus.RATE_LIMITED;
        }
        if (name.contains("timeout") || name.contains("timedout") || name.contains("timed_out")) {
            return CallStatus.TIMEOUT;
        }
        return null;
    }

    /** The HTTP status an SDK exception exposes through a conventional accessor, if any. */
    private static Integer httpStatusOf(Throwable t) {
        for (String name : STATUS_ACCESSORS) {
            try {
                Method accessor = t.getClass().getMethod(name);
                Integer status = asStatus(accessor.invoke(t), true);
                if (status != null) {
                    return status;
                }
            } catch (ReflectiveOperationException | RuntimeException notThere) {
                // This type has no such public accessor, or it failed: try the next convention.
            }
        }
        return null;
    }

    private static Integer asStatus(Object value, boolean unwrap) throws ReflectiveOperationException {
        if (value instanceof Number number) {
            int status = number.intValue();
            return status >= 100 && status <= 599 ? status : null;
        }
        if (unwrap && value != null && !(value instanceof String)) {
            // Spring's HttpStatusCode and similar wrappers expose the number as value().
            return asStatus(value.getClass().getMethod("value").invoke(value), false);
        }
        return null;
    }

    private static String typeName(Throwable t) {
        String name = t.getClass().getName();
        return name.length() <= ModelCallRules.MAX_NAME_LENGTH ? name : name.substring(name.length() - ModelCallRules.MAX_NAME_LENGTH);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String truncate(String text) {
        return text.length() <= ModelCallRules.MAX_ERROR_MESSAGE_LENGTH ? text
                : text.substring(0, ModelCallRules.MAX_ERROR_MESSAGE_LENGTH - 1) + "…";
    }
}
