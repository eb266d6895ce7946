package dev.modelperf.toolbox.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** Renders the figures of {@code bench-predict}: a table for people, or one JSON object. */
public final class PredictionReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionReport() {
    }

    public static ObjectNode json(String source, long seed, double trainFraction, PredictionReplay.Result result) {
        ObjectNode out = JSON.createObjectNode();
        out.put("source", source).put("seed", seed).put("trainFraction", trainFraction).put("prompts", result.prompts())
                .put("trainPrompts", result.trainPrompts()).put("heldOutPrompts", result.heldOutPrompts());
        out.putArray("tertileBounds").add(result.tertileBounds()[0]).add(result.tertileBounds()[1]);
        ObjectNode byMapping = out.putObject("byComplexity");
        result.reports().forEach((mapping, report) -> {
            ObjectNode node = byMapping.putObject(mapping == PredictionReplay.Mapping.UNKNOWN ? "none" : "lengthTertile");
            node.put("forecasts", report.forecasts()).put("brier", report.brier()).put("logLoss", report.logLoss())
                    .put("baseRate", report.baseRate()).put("baseRateBrier", report.baseRateBrier())
                    .put("baseRateLogLoss", report.baseRateLogLoss()).put("groups", report.groups()).put("coverage", report.coverage());
            ArrayNode bins = node.putArray("reliability");
            for (Calibration.Bin bin : report.reliability()) {
                ObjectNode b = bins.addObject().put("from", bin.from()).put("to", bin.to()).put("count", bin.count());
                if (bin.count() > 0) {
                    b.put("meanPredicted", bin.meanPredicted()).put("observed", bin.observed());
                }
            }
        });
        out.put("durationMs", result.durationMs());
        ObjectNode used = out.putObject("settings");
        result.settings().forEach(used::put);
        return out;
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
