package dev.modelperf.toolbox.decisions;

import java.util.Map;

/**
 * What a policy reached over a replay: accuracy (mean score of the chosen models), USD per 1,000
 * prompts, calls per model (in the file's model order), and how many choices were the seeded
 * random pick because the server had no recommendation yet, and the server settings the run
 * changed (addresses and paths left out).
 */
public record ReplayResult(int prompts, double accuracy, double costPer1k, Map<String, Long> callsByModel, long randomPicks,
                           long wallMillis, Map<String, String> settings) {

    public double share(String model) {
        return prompts == 0 ? 0 : (double) callsByModel.getOrDefault(model, 0L) / prompts;
    }
}
