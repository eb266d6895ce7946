package dev.modelperf.query.startup;

import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * What the server needs before it starts, each checked within {@code startup.timeout}: the schema
 * registry answers, Kafka answers, and with {@code topic.create} off every topic exists. A failure
 * is a {@link StartupException} whose message names the setting and the address, instead of a
 * stack trace from deep inside the Kafka clients while the process keeps running.
 */
public final class StartupChecks {

    private final ModelPerfSettings settings;
    private final Duration timeout;

    public StartupChecks(ModelPerfSettings settings) {
        this.settings = settings;
        this.timeout = settings.startupTimeout();
    }

    /** Runs every check, in the order a dependency is needed. */
    public void run() {
        registry();
        kafka();
    }

    void registry() {
        String url = settings.registryUrl();
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(timeout).GET().build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while reaching the schema registry at " + url);
        } catch (Exception e) {
            throw new StartupException("Cannot reach the schema registry at " + url + " (registry.url) within " + seconds()
                    + ": " + describe(e));
        }
        if (response.statusCode() != 200) {
            throw new StartupException("The schema registry at " + url + " (registry.url) answered GET /subjects with "
                    + response.statusCode() + ": is it a Confluent-compatible registry (Apicurio: /apis/ccompat/v7)?");
        }
    }

    void kafka() {
        String servers = settings.streams().bootstrapServers();
        Admin admin;
        try {
            admin = Admin.create(adminConfig(settings, timeout));
        } catch (KafkaException e) {
            throw new StartupException("Cannot reach Kafka at " + servers + " (kafka.bootstrap.servers): " + describe(e));
        }
        clusterAndTopics(admin, servers);
    }

    /** An admin client's settings: the cluster's own ({@code kafka.*} that an admin client knows) with bounded timeouts. */
    public static Map<String, Object> adminConfig(ModelPerfSettings settings, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        // The cluster's security settings (security.protocol, sasl.*, ssl.*) apply to this check too.
        settings.streams().kafka().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.streams().bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return config;
    }

    private void clusterAndTopics(Admin admin, String servers) {
        try {
            Set<String> existing;
            try {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new StartupException("Cannot reach Kafka at " + servers + " (kafka.bootstrap.servers) within " + seconds()
                        + ": " + describe(e));
            }
            if (!settings.streams().createTopics()) {
                List<String> missing = settings.streams().topics().all().stream().map(Topics.TopicSpec::name)
                        .filter(name -> !existing.contains(name)).toList();
                if (!missing.isEmpty()) {
                    throw new StartupException("Topics " + missing + " do not exist on Kafka at " + servers
                            + " and topic.create is false: create them, or set topic.create=true");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while reaching Kafka at " + servers);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer (timed out)";
        }
        String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }
}
