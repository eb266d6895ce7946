package dev.modelperf.query.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance over HTTP. Every request carries {@link #FORWARDED_HEADER}, and an
 * instance never forwards such a request again, so that two instances with different views of
 * the assignment cannot bounce it between them.
 */
public final class InstanceClient {

    /** Marks a request sent by another instance. */
    public static final String FORWARDED_HEADER = "X-ModelPerf-Forwarded";

    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String instanceKey;

    /** {@code instanceKey}: sent as {@code Authorization: Bearer} to other instances; null when access control is off. */
    public InstanceClient(Duration timeout, ObjectMapper mapper, String instanceKey) {
        this.timeout = timeout;
        this.mapper = mapper;
        this.instanceKey = instanceKey;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** GETs {@code pathAndQuery} from {@code host}, marked as forwarded. */
    public CompletableFuture<HttpResponse<byte[]>> get(HostInfo host, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, "true")
                .GET();
        if (instanceKey != null) {
            request.header("Authorization", "Bearer " + instanceKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Another instance's own part of an answer, read as {@code type}; a failure to answer, or any
     * status but 200 (that instance is starting or rebalancing), is worth retrying.
     */
    public <T> CompletableFuture<T> part(HostInfo host, String pathAndQuery, Class<T> type) {
        return get(host, pathAndQuery).handle((response, failure) -> {
            if (failure != null) {
                throw new RetryableException("Instance " + host + " did not answer: " + failure.getMessage());
            }
            if (response.statusCode() != 200) {
                throw new RetryableException("Instance " + host + " answered " + response.statusCode());
            }
            try {
                return mapper.readValue(response.body(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("Instance " + host + " sent a " + type.getSimpleName()
                        + " this instance cannot read", e);
            }
        });
    }
}
