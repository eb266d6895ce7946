package dev.modelperf.toolbox;

import dev.modelperf.toolbox.decisions.OutcomesCsv;
import dev.modelperf.toolbox.decisions.PredictionReplay;
import dev.modelperf.toolbox.decisions.PredictionReport;
import dev.modelperf.toolbox.decisions.PromptOutcomes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How well {@code /api/v1/predict} is calibrated: learns from part of a data set's real outcomes
 * through the embedded pipeline and predicts the rest.
 */
@Command(name = "bench-predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a seeded random part of per-prompt outcomes of real models (--data) as calls through the embedded stack, "
                + "predict every model's success on the held-out prompts with /api/v1/predict, and print the Brier score, log loss, "
                + "a reliability curve and 95 %% interval coverage beside a base-rate forecast.",
            "Progress goes to stderr, the figures to stdout."})
final class BenchPredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Per-prompt outcomes (shared/datasets format).")
    private Path data;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the prompt order, hence the split (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--train", defaultValue = "0.7", description = "Share of the prompts learnt from; the rest is predicted "
            + "(default ${DEFAULT-VALUE}).")
    private double train;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A server setting for the embedded server (repeatable), "
            + "e.g. routing.prior.strength=20.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(train > 0 && train < 1)) {
            err.println("--train must be between 0 and 1, exclusive (was " + train + ")");
            return 2;
        }
        PromptOutcomes outcomes;
        try {
            outcomes = OutcomesCsv.read(data);
        } catch (OutcomesCsv.DatasetException | IOException e) {
            err.println("Cannot read " + data + ": " + e.getMessage());
            return 2;
        }
        outcomes.warnings().forEach(warning -> progress(err, "warning: " + warning));
        try (TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-bench-predict-state")) {
            PredictionReplay.Result result = new PredictionReplay(outcomes, seed, train).run(stateDir.path(), settings,
                    line -> progress(err, line));
            out.println(json ? PredictionReport.json(data.toString(), seed, train, result).toString()
                    : PredictionReport.table(data.toString(), seed, train, result));
            out.flush();
            return 0;
        }
    }

    private static void progress(PrintWriter err, String line) {
        err.println("[bench-predict] " + line);
        err.flush();
    }
}
