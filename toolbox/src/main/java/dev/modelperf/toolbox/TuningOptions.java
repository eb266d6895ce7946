package dev.modelperf.toolbox;

import java.util.Locale;
import picocli.CommandLine.Option;

/** What the threshold analysis holds each layer to; passed to the API, which applies them. */
final class TuningOptions {

    @Option(names = "--target", defaultValue = "0.95", description = "Accuracy each layer's accepted routes must reach (default ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--min-sample", defaultValue = "200",
            description = "Judged proposals a layer needs before a change is proposed (default ${DEFAULT-VALUE}).")
    long minSample;

    String query() {
        return String.format(Locale.ROOT, "&target=%s&minSample=%d", target, minSample);
    }
}
