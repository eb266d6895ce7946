package dev.modelperf.toolbox.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** Renders the figures of {@code bench-decisions}: a table for people, or one JSON object. */
public final class DecisionsReport {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private DecisionsReport() {
    }

    /** The run's parameters, echoed in both forms. */
    public record Run(String source, long seed, int batch, PolicyOptions policy) {
    }

    public static ObjectNode replayJson(Run run, ReferenceFigures reference, ReplayResult result) {
        ObjectNode out = JSON.createObjectNode();
        out.put("data", run.source());
        out.put("seed", run.seed());
        out.put("batch", run.batch());
        policy(out, run.policy());
        out.put("prompts", result.prompts());
        out.put("accuracy", result.accuracy());
        out.put("costPer1k", result.costPer1k());
        ObjectNode calls = out.putObject("callsByModel");
        result.callsByModel().forEach(calls::put);
        ObjectNode shares = out.putObject("shareByModel");
        result.callsByModel().keySet().forEach(model -> shares.put(model, result.share(model)));
        out.put("strongModel", reference.bestSingle().model());
        out.put("strongShare", result.share(reference.bestSingle().model()));
        out.put("gapClosed", reference.gapClosed(result.accuracy()));
        out.put("randomPicks", result.randomPicks());
        ObjectNode singles = out.putObject("singles");
        reference.singles().forEach(single -> singles.putObject(single.model()).put("accuracy", single.accuracy())
                .put("costPer1k", single.costPer1k()));
        out.putObject("bestSingle").put("model", reference.bestSingle().model()).put("accuracy", reference.bestSingle().accuracy())
                .put("costPer1k", reference.bestSingle().costPer1k());
        oracle(out, "categoryOracle", reference.categoryOracle());
        oracle(out, "promptOracle", reference.promptOracle());
        oracle(out, "random", reference.random());
        out.put("wallSeconds", result.wallMillis() / 1000.0);
        ObjectNode used = out.putObject("settings");
        result.settings().forEach(used::put);
        return out;
    }

    public static String replayTable(Run run, ReferenceFigures reference, ReplayResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench-decisions  %s  %,d prompts  seed %d  batch %d  %s%n", run.source(),
                result.prompts(), run.seed(), run.batch(), describe(run.policy())));
        out.append(String.format(Locale.ROOT, "server settings  %s%n%n", result.settings()));
        out.append(String.format(Locale.ROOT, "  %-40s %9s %10s%n", "POLICY", "ACCURACY", "$/1K"));
        out.append(row("ModelPerf (this run)", result.accuracy(), result.costPer1k()));
        for (ReferenceFigures.Single single : reference.singles()) {
            out.append(row("always " + single.model(), single.accuracy(), single.costPer1k()));
        }
        out.append(row("category oracle (hindsight)", reference.categoryOracle().accuracy(), reference.categoryOracle().costPer1k()));
        out.append(row("prompt oracle", reference.promptOracle().accuracy(), reference.promptOracle().costPer1k()));
        out.append(row("random (expected)", reference.random().accuracy(), reference.random().costPer1k()));
        out.append(String.format(Locale.ROOT, "%n  %-40s %9s %7s%n", "CALLS BY MODEL", "CALLS", "SHARE"));
        result.callsByModel().forEach((model, calls) -> out.append(String.format(Locale.ROOT, "  %-40s %,9d %6.1f%%%n",
                model, calls, 100 * result.share(model))));
        out.append(String.format(Locale.ROOT, "%n  strong model %s: %.1f %% of calls; gap closed between weakest and best single "
                        + "model: %.1f %%%n", reference.bestSingle().model(), 100 * result.share(reference.bestSingle().model()),
                100 * reference.gapClosed(result.accuracy())));
        out.append(String.format(Locale.ROOT, "  %,d choices were the seeded random pick (no recommendation yet); replay took %.1f s%n",
                result.randomPicks(), result.wallMillis() / 1000.0));
        return out.toString();
    }

    public static ObjectNode driftJson(long seed, int rate, PolicyOptions policy, DriftResult result) {
        ObjectNode out = JSON.createObjectNode();
        out.put("scenario", "drift");
        out.put("seed", seed);
        out.put("rate", rate);
        policy(out, policy);
        out.put("requests", result.requests());
        out.put("durationSeconds", result.durationSeconds());
        out.put("accuracy", result.accuracy());
        ObjectNode regret = out.putObject("regret");
        regret.put("vsOracle", result.oracleRegret());
        regret.put("vsGateway", result.regretVsGateway());
        regret.put("ratioToGateway", result.regretRatio());
        out.put("oracleRegret", result.oracleRegret());
        out.put("gatewayRegret", result.gatewayRegret());
        out.put("gatewayAccuracy", result.gatewayAccuracy());
        out.put("callsToBlacklisted", result.callsToBlacklisted());
        out.put("callsInOutage", result.callsInOutage());
        out.put("gatewayCallsInOutage", result.gatewayCallsInOutage());
        out.put("driftedCallsAfterDrift", result.driftedCallsAfterDrift());
        out.put("randomPicks", result.randomPicks());
        ObjectNode calls = out.putObject("callsByModel");
        result.callsByModel().forEach(calls::put);
        ObjectNode gatewayCalls = out.putObject("gatewayCallsByModel");
        result.gatewayCallsByModel().forEach(gatewayCalls::put);
        ObjectNode used = out.putObject("settings");
        result.settings().forEach(used::put);
        return out;
    }

    public static String driftTable(long seed, int rate, PolicyOptions policy, DriftResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench-decisions --scenario drift  %,d requests in %.0f s (%d/s)  seed %d  %s%n",
                result.requests(), result.durationSeconds(), rate, seed, describe(policy)));
        out.append(String.format(Locale.ROOT, "world: %s drops to %.2f in %s at %.0f %% of the run; %s is down from %.0f %% to %.0f %%%n",
                DriftWorld.DRIFTING_MODEL, DriftWorld.DRIFTED_PROBABILITY, DriftWorld.DRIFT_CATEGORY, 100 * DriftWorld.DRIFT_AT,
                DriftWorld.OUTAGE_MODEL, 100 * DriftWorld.OUTAGE_FROM, 100 * DriftWorld.OUTAGE_TO));
        out.append(String.format(Locale.ROOT, "server settings  %s%n%n", result.settings()));
        out.append(String.format(Locale.ROOT, "  %-34s %9s %12s %14s%n", "", "SUCCESS", "MEAN REGRET", "OUTAGE CALLS"));
        out.append(String.format(Locale.ROOT, "  %-34s %9.4f %12.4f %14d%n", "ModelPerf", result.accuracy(), result.oracleRegret(),
                result.callsInOutage()));
        out.append(String.format(Locale.ROOT, "  %-34s %9.4f %12.4f %14d%n", "gateway (random, 5 s cooldown)",
                result.gatewayAccuracy(), result.gatewayRegret(), result.gatewayCallsInOutage()));
        out.append(String.format(Locale.ROOT, "%n  regret ratio ModelPerf/gateway %.3f (goal <= 0.333); regret vs gateway %.4f%n",
                result.regretRatio(), result.regretVsGateway()));
        out.append(String.format(Locale.ROOT, "  calls to a BLACKLISTED model: %d (goal 0); calls to %s in %s after the drift: %d; "
                + "random picks: %d%n", result.callsToBlacklisted(), DriftWorld.DRIFTING_MODEL, DriftWorld.DRIFT_CATEGORY,
                result.driftedCallsAfterDrift(), result.randomPicks()));
        out.append(String.format(Locale.ROOT, "%n  %-20s %10s %10s%n", "MODEL", "MODELPERF", "GATEWAY"));
        result.callsByModel().forEach((model, calls) -> out.append(String.format(Locale.ROOT, "  %-20s %,10d %,10d%n", model, calls,
                result.gatewayCallsByModel().get(model))));
        return out.toString();
    }

    private static void policy(ObjectNode out, PolicyOptions policy) {
        out.put("priority", policy.priority());
        out.put("window", policy.window());
        out.put("mode", policy.mode().orElse("(server default)"));
        out.put("objective", policy.objective().orElse("(server default)"));
        policy.floor().ifPresent(floor -> out.put("floor", floor));
        policy.margin().ifPresent(margin -> out.put("margin", margin));
    }

    private static void oracle(ObjectNode out, String name, ReferenceFigures.Oracle oracle) {
        out.putObject(name).put("accuracy", oracle.accuracy()).put("costPer1k", oracle.costPer1k());
    }

    private static String describe(PolicyOptions policy) {
        return "priority " + policy.priority() + ", window " + policy.window() + policy.mode().map(m -> ", mode " + m).orElse("")
                + policy.objective().map(o -> ", objective " + o).orElse("") + policy.floor().map(f -> ", floor " + f).orElse("")
                + policy.margin().map(m -> ", margin " + m).orElse("");
    }

    private static String row(String name, double accuracy, double costPer1k) {
        return String.format(Locale.ROOT, "  %-40s %9.4f %10.4f%n", name, accuracy, costPer1k);
    }
}
