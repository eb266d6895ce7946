package dev.modelperf.toolbox;

import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.streams.config.Durations;
import dev.modelperf.toolbox.top.TopFrame;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A live terminal view of a running server, read from its public API as the web dashboard reads
 * it: totals and trend, the best model per category, unhealthy models and firing alerts, redrawn
 * every few seconds. {@code --once} prints one frame for scripts and exits 1 when the API fails.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Live view of a ModelPerf server: best model per category, health, alerts (--once: one frame).")
final class TopCommand implements Callable<Integer> {

    private static final List<String> WINDOWS = List.of("1h", "24h", "7d", "30d");
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The server's HTTP API (default ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--tenant", description = "The tenant to show (default: the API key's, or default).")
    private String tenant;

    @Option(names = {"-w", "--window"}, defaultValue = "1h",
            description = "The span the figures cover: 1h, 24h, 7d or 30d; a bare number is hours (default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--api-key", defaultValue = "${env:MODELPERF_API_KEY}",
            description = "Sent as 'Authorization: Bearer KEY' when the server uses access control (default: $MODELPERF_API_KEY).")
    private String apiKey;

    @Option(names = "--interval", defaultValue = "5s", description = "Time between frames, e.g. 2s (default ${DEFAULT-VALUE}).")
    private String interval;

    @Option(names = "--once", description = "Print one frame and exit (for scripts); exit code 1 when the API fails.")
    private boolean once;

    @Option(names = {"-n", "--frames"}, defaultValue = "0", description = "Stop after this many frames (default: run until Ctrl-C).")
    private long frames;

    private final Clock clock;

    TopCommand() {
        this(Clock.systemUTC());
    }

    /** {@code clock}: the time a frame is dated with and counts blacklists down from. */
    TopCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        String span = window.matches("\\d+") ? window + "h" : window;
        if (!WINDOWS.contains(span)) {
            throw new ParameterException(spec.commandLine(), "--window must be one of " + String.join(", ", WINDOWS) + " (was " + window + ")");
        }
        Duration pause = Durations.parse(interval);
        if (pause == null || pause.compareTo(Duration.ofMillis(500)) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be a duration of at least 500ms, such as 5s (was " + interval + ")");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://") || URI.create(url).getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url must be an http:// or https:// URL with a host (was " + url + ")");
        }
        if (frames < 0) {
            throw new ParameterException(spec.commandLine(), "--frames must be 0 (no limit) or more (was " + frames + ")");
        }
        ApiClient api = new ApiClient(url, apiKey);
        PrintWriter out = spec.commandLine().getOut();
        if (once) {
            try {
                out.print(frame(api, span));
                out.flush();
                return 0;
            } catch (Exception e) {
                spec.commandLine().getErr().println(problem(e));
                return 1;
            }
        }
        boolean terminal = System.console() != null;
        try (ProcessLifetime lifetime = new ProcessLifetime()) {
            for (long shown = 0; !lifetime.stopRequested() && (frames == 0 || shown < frames); shown++) {
                String text;
                try {
                    text = frame(api, span);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    text = problem(e) + "\nTrying again in " + interval + ".\n";
                }
                // On a terminal each frame replaces the last; piped, frames follow one another, a blank line apart.
                out.print(terminal ? CLEAR_SCREEN + text : (shown > 0 ? "\n" : "") + text);
                out.flush();
                if (frames == 0 || shown + 1 < frames) {
                    lifetime.awaitStop(pause);
                }
            }
        }
        return 0;
    }

    private String frame(ApiClient api, String span) throws Exception {
        return TopFrame.render(TopFrame.read(api::json, tenant, span), url, span, clock.instant());
    }

    private String problem(Exception e) {
        if (e instanceof ApiClient.ApiException refused && refused.status() == 401) {
            return url + " wants an API key: give --api-key or set MODELPERF_API_KEY (" + e.getMessage() + ")";
        }
        return "Cannot read " + url + ": " + e.getMessage();
    }
}
