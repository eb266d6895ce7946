package dev.modelperf.query;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers, asked every {@code interval} once the API is up. Kafka Streams stays
 * RUNNING while its brokers are gone (its clients retry), so without this a lost cluster would show
 * nowhere; {@code /readyz} and {@code modelperf_kafka_reachable} read it.
 */
public final class KafkaReachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);

    private final Map<String, Object> adminConfig;
    private final String servers;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelperf-kafka-reachability");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Admin admin;
    private volatile boolean reachable = true;

    public KafkaReachability(Map<String, Object> adminConfig, String servers, Duration interval) {
        this.adminConfig = adminConfig;
        this.servers = servers;
        this.interval = interval;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean reachable() {
        return reachable;
    }

    private void check() {
        boolean now;
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis())).nodes()
                    .get(interval.toMillis(), TimeUnit.MILLISECONDS);
            now = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            now = false;
        }
        if (now != reachable) {
            if (now) {
                log.info("Kafka at {} answers again", servers);
            } else {
                log.warn("Kafka at {} (kafka.bootstrap.servers) does not answer: /readyz answers 503 until it does", servers);
            }
        }
        reachable = now;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
