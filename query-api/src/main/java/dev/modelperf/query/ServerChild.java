package dev.modelperf.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server as a JVM of its own, launched as {@code ./modelperf run} would be ({@link ServerCommand}
 * with {@code --set} settings) on this JVM's java binary and class path, so that it can be killed
 * with SIGKILL while what drives it lives on: the crash test and {@code modelperf soak}.
 */
public final class ServerChild {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerChild(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server with {@code settings} (which must set {@code http.port} to {@code port}),
     * its output in {@code log}, and waits until {@code /readyz} answers 200.
     */
    public static ServerChild start(Map<String, String> settings, int port, List<String> jvmOptions, Path log, Duration timeout)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerCommand.class.getName()));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        ServerChild child = new ServerChild(process, port, log);
        child.awaitReady(timeout);
        return child;
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The server exited with code " + process.exitValue() + " while starting; its log:\n" + tail(30));
            }
            if (readyStatus() == 200) {
                return;
            }
            // Polling a child process for readiness: there is nothing to be notified by.
            TimeUnit.MILLISECONDS.sleep(200);
        }
        process.destroyForcibly();
        throw new IOException("The server was not ready within " + timeout.toSeconds() + " s; its log:\n" + tail(30));
    }

    private int readyStatus() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. Returns the exit code (137). */
    public int kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("The server process " + process.pid() + " did not die within 10 s of SIGKILL");
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The last {@code lines} lines of the server's output. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
