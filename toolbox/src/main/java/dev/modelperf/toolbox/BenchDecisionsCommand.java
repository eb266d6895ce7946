package dev.modelperf.toolbox;

import dev.modelperf.toolbox.decisions.DecisionReplay;
import dev.modelperf.toolbox.decisions.DecisionsReport;
import dev.modelperf.toolbox.decisions.DriftResult;
import dev.modelperf.toolbox.decisions.DriftScenario;
import dev.modelperf.toolbox.decisions.OutcomesCsv;
import dev.modelperf.toolbox.decisions.PolicyOptions;
import dev.modelperf.toolbox.decisions.PromptOutcomes;
import dev.modelperf.toolbox.decisions.ReferenceFigures;
import dev.modelperf.toolbox.decisions.ReplayResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How good the server's decisions are: replays real per-prompt outcomes (or a synthetic world that
 * drifts) through the embedded pipeline, letting {@code /api/v1/recommendation} choose each model.
 */
@Command(name = "bench-decisions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay per-prompt outcomes of real models (--data) or a drifting synthetic world (--scenario drift) "
                + "through the embedded stack, letting /api/v1/recommendation choose the model of every request; "
                + "print accuracy, cost and calls per model beside reference policies.",
            "Progress goes to stderr, the figures to stdout."})
final class BenchDecisionsCommand implements Callable<Integer> {

    private static final List<String> PRIORITIES = List.of("balanced", "quality", "speed", "cost");
    private static final List<String> WINDOWS = List.of("1h", "24h", "7d", "30d");

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv", description = "Per-prompt outcomes (shared/datasets format).")
    private Path data;

    @Option(names = "--scenario", paramLabel = "drift", description = "A synthetic scenario instead of --data: drift.")
    private String scenario;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the prompt order, random picks and sampling (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--priority", description = "balanced, quality, speed or cost (default balanced; quality for --scenario drift).")
    private String priority;

    @Option(names = "--mode", description = "best or sample; sent only when given (the drift scenario sends sample unless told).")
    private String mode;

    @Option(names = "--objective", description = "score or cheapest; sent only when given.")
    private String objective;

    @Option(names = "--floor", description = "Absolute expected quality floor 0-1 (with --objective cheapest); sent only when given.")
    private Double floor;

    @Option(names = "--margin", description = "Within this much of the best expected quality, 0-1 (with --objective cheapest); "
            + "sent only when given.")
    private Double margin;

    @Option(names = "--window", defaultValue = "24h", description = "1h, 24h, 7d or 30d (default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--batch", defaultValue = "50", description = "Prompts decided on one rankings snapshot (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--duration", defaultValue = "120", description = "Seconds the drift scenario runs (default ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--rate", defaultValue = "20", description = "Requests per second in the drift scenario (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A server setting for the embedded server (repeatable), "
            + "e.g. rankings.min.samples=10.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            err.println(problem.get());
            return 2;
        }
        boolean drift = scenario != null;
        PolicyOptions policy = new PolicyOptions(priority != null ? priority : drift ? "quality" : "balanced", window,
                Optional.ofNullable(mode != null ? mode : drift ? "sample" : null), Optional.ofNullable(objective),
                Optional.ofNullable(floor), Optional.ofNullable(margin));
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-decisions-state")) {
            if (drift) {
                DriftResult result = new DriftScenario(policy, seed, Duration.ofSeconds(durationSeconds), rate)
                        .run(stateDir.path(), settings, line -> progress(err, line));
                out.println(json ? DecisionsReport.driftJson(seed, rate, policy, result).toString()
                        : DecisionsReport.driftTable(seed, rate, policy, result));
                out.flush();
                return 0;
            }
            PromptOutcomes outcomes;
            try {
                outcomes = OutcomesCsv.read(data);
            } catch (OutcomesCsv.DatasetException | IOException e) {
                err.println("Cannot read " + data + ": " + e.getMessage());
                return 2;
            }
            outcomes.warnings().forEach(warning -> progress(err, "warning: " + warning));
            ReferenceFigures reference = ReferenceFigures.of(outcomes);
            progress(err, String.format("%,d prompts, %d models, replaying in batches of %d", outcomes.prompts().size(),
                    outcomes.models().size(), batch));
            ReplayResult result = new DecisionReplay(outcomes, policy, seed, batch).run(stateDir.path(), settings,
                    line -> progress(err, line));
            DecisionsReport.Run run = new DecisionsReport.Run(data.toString(), seed, batch, policy);
            out.println(json ? DecisionsReport.replayJson(run, reference, result).toString()
                    : DecisionsReport.replayTable(run, reference, result));
            out.flush();
            return 0;
        }
    }

    private Optional<String> problem() {
        if ((data == null) == (scenario == null)) {
            return Optional.of("Give either --data FILE.csv or --scenario drift");
        }
        if (scenario != null && !scenario.equals("drift")) {
            return Optional.of("--scenario must be drift (was " + scenario + ")");
        }
        if (priority != null && !PRIORITIES.contains(priority)) {
            return Optional.of("--priority must be one of " + PRIORITIES + " (was " + priority + ")");
        }
        if (mode != null && !List.of("best", "sample").contains(mode)) {
            return Optional.of("--mode must be best or sample (was " + mode + ")");
        }
        if (objective != null && !List.of("score", "cheapest").contains(objective)) {
            return Optional.of("--objective must be score or cheapest (was " + objective + ")");
        }
        if (!WINDOWS.contains(window)) {
            return Optional.of("--window must be one of " + WINDOWS + " (was " + window + ")");
        }
        if (floor != null && !(floor >= 0 && floor <= 1)) {
            return Optional.of("--floor must be between 0 and 1 (was " + floor + ")");
        }
        if (margin != null && !(margin >= 0 && margin <= 1)) {
            return Optional.of("--margin must be between 0 and 1 (was " + margin + ")");
        }
        if (batch < 1 || durationSeconds < 1 || rate < 1) {
            return Optional.of("--batch, --duration and --rate must be at least 1");
        }
        return Optional.empty();
    }

    private static void progress(PrintWriter err, String line) {
        err.println("[bench-decisions] " + line);
        err.flush();
    }
}
