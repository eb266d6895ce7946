package dev.modelperf.toolbox.decisions;

import java.util.Locale;
import java.util.Map;

/** Renders the figures of {@code bench-predict} as a table for people. */
public final class PredictionReport {

    private PredictionReport() {
    }

    public static String table(String source, long seed, double trainFraction, PredictionReplay.Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench-predict  %s  %,d prompts  seed %d  trained on %,d (%.0f %%), predicted %,d held out%n",
                source, result.prompts(), seed, result.trainPrompts(), trainFraction * 100, result.heldOutPrompts()));
        out.append(String.format(Locale.ROOT, "complexity from prompt length: LOW < %.0f input tokens <= MEDIUM < %.0f <= HIGH "
                + "(tertiles of the training prompts)%n", result.tertileBounds()[0], result.tertileBounds()[1]));
        out.append("server settings ").append(result.settings()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%n%-22s %9s %8s %9s %10s %7s %9s%n", "complexity asked", "forecasts", "Brier",
                "log loss", "95% cover", "groups", ""));
        Calibration.Report any = result.reports().values().iterator().next();
        for (Map.Entry<PredictionReplay.Mapping, Calibration.Report> entry : result.reports().entrySet()) {
            Calibration.Report report = entry.getValue();
            out.append(String.format(Locale.ROOT, "%-22s %,9d %8.4f %9.4f %9.1f%% %7d%n", label(entry.getKey()), report.forecasts(),
                    report.brier(), report.logLoss(), 100 * report.coverage(), report.groups()));
        }
        out.append(String.format(Locale.ROOT, "%-22s %,9d %8.4f %9.4f %10s %7s%n", String.format(Locale.ROOT, "base rate %.4f", any.baseRate()),
                any.forecasts(), any.baseRateBrier(), any.baseRateLogLoss(), "-", "-"));
        for (Map.Entry<PredictionReplay.Mapping, Calibration.Report> entry : result.reports().entrySet()) {
            out.append(String.format(Locale.ROOT, "%nreliability, %s%n%-11s %9s %10s %9s%n", label(entry.getKey()), "predicted", "forecasts",
                    "mean pred", "observed"));
            for (Calibration.Bin bin : entry.getValue().reliability()) {
                out.append(String.format(Locale.ROOT, "%.1f-%.1f     %,9d %10s %9s%n", bin.from(), bin.to(), bin.count(),
                        figure(bin.meanPredicted()), figure(bin.observed())));
            }
        }
        out.append(String.format(Locale.ROOT, "%ntook %.1f s%n", result.durationMs() / 1000.0));
        return out.toString();
    }

    private static String label(PredictionReplay.Mapping mapping) {
        return mapping == PredictionReplay.Mapping.UNKNOWN ? "none (UNKNOWN)" : "length tertile";
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
