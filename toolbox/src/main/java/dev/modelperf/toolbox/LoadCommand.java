package dev.modelperf.toolbox;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.OverflowPolicy;
import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.config.Durations;
import dev.modelperf.streams.topics.TopicProvisioner;
import dev.modelperf.toolbox.load.CascadeLayerModel;
import dev.modelperf.toolbox.load.CascadeLoadGenerator;
import dev.modelperf.toolbox.load.CascadeTally;
import dev.modelperf.toolbox.load.CascadeTraffic;
import dev.modelperf.toolbox.load.ComparisonLoadGenerator;
import dev.modelperf.toolbox.load.DebateTraffic;
import dev.modelperf.toolbox.load.PairwiseTally;
import dev.modelperf.toolbox.load.TrueRatings;
import dev.modelperf.toolbox.load.LoadGenerator;
import dev.modelperf.toolbox.load.LoadSummary;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Sends synthetic traffic ({@link SyntheticTraffic}) to a Kafka cluster through the producer
 * client: calls at a target rate with feedback for a share of them, a progress bar on standard
 * error, and a summary (sent, failed, by model) on standard output. With {@code --routing}, routing
 * cascade decisions and their outcomes instead ({@link CascadeTraffic}), summarised per layer with
 * the best threshold the generator's model knows. With {@code --comparisons}, debates drawn from
 * known true ratings ({@link DebateTraffic}) with the calls behind their answers and judgments of
 * some of them, summarised with the true ratings per category. Exits 1 when any send failed.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Send realistic synthetic calls and feedback (or, with --routing, routing-cascade decisions and outcomes; "
                + "with --comparisons, debates from known true ratings) to Kafka, with a progress bar and a summary.")
final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "--calls"}, defaultValue = "10000", description = "Calls to send; with --routing tasks, with --comparisons comparisons (default ${DEFAULT-VALUE}).")
    private long calls;

    @Option(names = "--rate", defaultValue = "0", description = "Calls (tasks, comparisons) per second; 0 for as fast as Kafka takes them (default).")
    private double rate;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    private String bootstrap;

    @Option(names = "--registry", defaultValue = "http://localhost:8081", description = "Schema registry URL (default ${DEFAULT-VALUE}).")
    private String registry;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant of every event (default ${DEFAULT-VALUE}).")
    private String tenant;

    @Option(names = "--seed", defaultValue = "42", description = "Seed: the same seed sends the same events (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--feedback-share", defaultValue = "0.2", description = "Share of calls that get feedback, 0..1 (default ${DEFAULT-VALUE}).")
    private double feedbackShare;

    @Option(names = "--spread", defaultValue = "0s",
            description = "Spread event times evenly over this recent span, e.g. 30m (default: the time of sending).")
    private String spread;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, description = "Topic prefix (default ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--create-topics", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Create the topics sent to when missing, and wait for their leaders (default ${DEFAULT-VALUE}).")
    private boolean createTopics;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of topics this command creates (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--routing", description = "Send routing-cascade decisions and outcomes instead of calls; -n counts tasks.")
    private boolean routing;

    @Option(names = "--accuracy-target", defaultValue = "0.95",
            description = "With --routing: the accuracy target the summary's best thresholds are for (default ${DEFAULT-VALUE}).")
    private double accuracyTarget;

    @Option(names = "--comparisons",
            description = "Send comparisons (debates) drawn from known true ratings, with their calls and judgments; -n counts comparisons.")
    private boolean comparisons;

    @Option(names = "--panel", defaultValue = "8",
            description = "With --comparisons: models on the panel, 2..10, picked by the seed (default ${DEFAULT-VALUE}).")
    private int panel;

    @Option(names = "--categories", split = ",", paramLabel = "CATEGORY",
            description = "With --comparisons: the top-level categories debated, each with its own true ratings (default: all seven).")
    private List<String> categories;

    @Option(names = "--tie-share", defaultValue = "" + DebateTraffic.DEFAULT_TIE_SHARE,
            description = "With --comparisons: share of debates the judge calls a tie, 0..1 (default ${DEFAULT-VALUE}).")
    private double tieShare;

    @Option(names = "--judgment-share", defaultValue = "" + DebateTraffic.DEFAULT_JUDGMENT_SHARE,
            description = "With --comparisons: share of answers (calls) that get a judgment, 0..1 (default ${DEFAULT-VALUE}).")
    private double judgmentShare;

    @Override
    public Integer call() {
        Duration span = Durations.parse(spread);
        if (span == null || span.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--spread must be a duration such as 0s, 90s, 30m or 2h (was " + spread + ")");
        }
        if (calls < 0 || rate < 0 || feedbackShare < 0 || feedbackShare > 1 || partitions < 1) {
            throw new ParameterException(spec.commandLine(), "-n and --rate must be >= 0, --feedback-share 0..1, --partitions >= 1");
        }
        if (!(accuracyTarget > 0 && accuracyTarget < 1)) {
            throw new ParameterException(spec.commandLine(), "--accuracy-target must be within (0, 1) (was " + accuracyTarget + ")");
        }
        if (routing && comparisons) {
            throw new ParameterException(spec.commandLine(), "--routing and --comparisons send different traffic: give one of them");
        }
        DebateTraffic debates = comparisons ? debateTraffic() : null;
        Topics topics = new Topics(topicPrefix);
        if (createTopics) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(routing
                        ? List.of(new Topics.TopicSpec(topics.routingDecisions(), false), new Topics.TopicSpec(topics.routingOutcomes(), false))
                        : comparisons
                        ? List.of(new Topics.TopicSpec(topics.calls(), false), new Topics.TopicSpec(topics.comparisons(), false),
                                new Topics.TopicSpec(topics.judgments(), false))
                        : List.of(new Topics.TopicSpec(topics.calls(), false), new Topics.TopicSpec(topics.feedback(), false)),
                        partitions, (short) 1);
            }
        }
        return routing ? sendRouting(topics, span) : comparisons ? sendComparisons(debates, span) : sendCalls(topics, span);
    }

    private DebateTraffic debateTraffic() {
        List<String> kinds = categories == null || categories.isEmpty() ? DebateTraffic.CATEGORIES : categories;
        for (String kind : kinds) {
            if (!DebateTraffic.CATEGORIES.contains(kind)) {
                throw new ParameterException(spec.commandLine(), "--categories takes top-level categories among " + DebateTraffic.CATEGORIES
                        + " (was " + kind + ")");
            }
        }
        if (panel < 2 || panel > SyntheticTraffic.MODELS.size()) {
            throw new ParameterException(spec.commandLine(), "--panel must be between 2 and " + SyntheticTraffic.MODELS.size()
                    + " (was " + panel + ")");
        }
        if (!(tieShare >= 0 && tieShare <= 1) || !(judgmentShare >= 0 && judgmentShare <= 1)) {
            throw new ParameterException(spec.commandLine(), "--tie-share and --judgment-share must be within 0..1 (were " + tieShare
                    + ", " + judgmentShare + ")");
        }
        TrueRatings truth = TrueRatings.of(seed, TrueRatings.seededPanel(seed, panel), kinds.stream().distinct().toList());
        return new DebateTraffic(seed, tenant, truth, tieShare, judgmentShare);
    }

    private int sendComparisons(DebateTraffic debates, Duration span) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar progress = new ProgressBar(err, System.console() != null, "comparisons");
        ComparisonLoadGenerator.Summary summary;
        try (ProcessLifetime lifetime = new ProcessLifetime();
             ModelPerfClient client = ModelPerfClient.builder()
                     .bootstrapServers(bootstrap)
                     .registryUrl(registry)
                     .tenant(tenant)
                     .topicPrefix(topicPrefix)
                     .overflowPolicy(OverflowPolicy.BLOCK)
                     .maxBlock(Duration.ofMinutes(2))
                     .bufferCapacity(50_000)
                     .clientId("modelperf-load-comparisons")
                     .build()) {
            ComparisonLoadGenerator generator = new ComparisonLoadGenerator(client, debates, Clock.systemUTC());
            summary = generator.run(new LoadGenerator.Plan(calls, rate, span), progress::update, lifetime::stopRequested);
        }
        progress.finish();
        out.print(renderComparisons(summary, debates));
        out.flush();
        if (summary.firstFailure() != null) {
            err.println("First failed send: " + summary.firstFailure());
            err.flush();
        }
        return summary.failed() == 0 ? 0 : 1;
    }

    static String renderComparisons(ComparisonLoadGenerator.Summary summary, DebateTraffic debates) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Sent %,d comparisons, the %,d calls behind their answers and %,d judgments in %.1f s "
                        + "(%,.0f comparisons/s).%n", summary.comparisons(), summary.calls(), summary.judgments(),
                summary.elapsed().toMillis() / 1000.0, summary.comparisonsPerSecond()));
        text.append(String.format(Locale.ROOT, "Acknowledged %,d comparisons, %,d calls and %,d judgments; %,d failed.%n",
                summary.comparisonsDelivered(), summary.callsDelivered(), summary.judgmentsDelivered(), summary.failed()));
        text.append(String.format(Locale.ROOT, "True ratings: Bradley-Terry, %.0f = the panel's mean, %.2f points per logit; "
                        + "a tie (%.0f %% of debates) is half a win each way.%n", TrueRatings.CENTER, TrueRatings.PER_LOGIT,
                100 * debates.tieShare()));
        TrueRatings truth = debates.truth();
        for (String category : truth.categories()) {
            PairwiseTally.CategoryCounts counts = summary.tally().category(category);
            text.append(String.format(Locale.ROOT, "%n%s: %,d comparisons, of which %,d tied (compare: GET /api/v1/ratings?category=%s)%n",
                    category, counts.debates(), counts.ties(), category));
            text.append(String.format(Locale.ROOT, "  %4s  %-28s %11s %9s %9s %9s%n", "RANK", "MODEL", "TRUE RATING", "WINS", "RESULTS",
                    "WIN SHARE"));
            for (TrueRatings.Rated rated : truth.ranked(category)) {
                long results = counts.results(rated.model());
                double wins = counts.wins(rated.model());
                text.append(String.format(Locale.ROOT, "  %4d  %-28s %11.1f %9.1f %,9d %9s%n", rated.rank(), rated.model(), rated.rating(),
                        wins, results, results == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * wins / results)));
            }
        }
        return text.toString();
    }

    private int sendRouting(Topics topics, Duration span) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar progress = new ProgressBar(err, System.console() != null, "tasks");
        CascadeLoadGenerator.Summary summary;
        try (ProcessLifetime lifetime = new ProcessLifetime();
             Producer<String, SpecificRecord> producer = CascadeLoadGenerator.producer(bootstrap, registry, "modelperf-load-routing")) {
            CascadeLoadGenerator generator = new CascadeLoadGenerator(producer, topics, new CascadeTraffic(seed, tenant), Clock.systemUTC());
            summary = generator.run(new LoadGenerator.Plan(calls, rate, span), progress::update, lifetime::stopRequested);
        }
        progress.finish();
        out.print(renderRouting(summary, accuracyTarget));
        out.flush();
        if (summary.firstFailure() != null) {
            err.println("First failed send: " + summary.firstFailure());
            err.flush();
        }
        return summary.failed() == 0 ? 0 : 1;
    }

    private int sendCalls(Topics topics, Duration span) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar progress = new ProgressBar(err, System.console() != null);
        LoadSummary summary;
        try (ProcessLifetime lifetime = new ProcessLifetime();
             ModelPerfClient client = ModelPerfClient.builder()
                     .bootstrapServers(bootstrap)
                     .registryUrl(registry)
                     .tenant(tenant)
                     .callsTopic(topics.calls())
                     .feedbackTopic(topics.feedback())
                     // A load generator waits for Kafka rather than dropping: every event must arrive.
                     .overflowPolicy(OverflowPolicy.BLOCK)
                     .maxBlock(Duration.ofMinutes(2))
                     .bufferCapacity(50_000)
                     .clientId("modelperf-load")
                     .build()) {
            LoadGenerator generator = new LoadGenerator(client, new SyntheticTraffic(seed, feedbackShare), Clock.systemUTC());
            summary = generator.run(new LoadGenerator.Plan(calls, rate, span), progress::update, lifetime::stopRequested);
        }
        progress.finish();
        out.print(render(summary));
        out.flush();
        if (summary.firstFailure() != null) {
            err.println("First failed send: " + summary.firstFailure());
            err.flush();
        }
        return summary.failed() == 0 ? 0 : 1;
    }

    static String renderRouting(CascadeLoadGenerator.Summary summary, double accuracyTarget) {
        CascadeTally tally = summary.tally();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Sent %,d routing decisions and %,d outcomes in %.1f s; acknowledged %,d, %,d failed.%n",
                summary.decisions(), summary.outcomes(), summary.elapsed().toMillis() / 1000.0, summary.delivered(), summary.failed()));
        text.append(String.format(Locale.ROOT, "Cascade: accuracy %.1f %%, average latency %.1f ms, clarification %.1f %% "
                        + "(targets > 95 %%, < 100 ms, < 5 %%).%n", 100 * tally.accuracy(), tally.averageLatencyMs(),
                100 * tally.clarificationRate()));
        Map<String, Double> best = CascadeTraffic.bestThresholds(accuracyTarget);
        text.append(String.format(Locale.ROOT, "  %-12s %9s %8s %9s %8s %9s %11s%n", "LAYER", "THRESHOLD", "SEEN", "CAPTURE",
                "ACCURACY", "AVG MS", String.format(Locale.ROOT, "BEST@%.0f%%", 100 * accuracyTarget)));
        for (CascadeLayerModel layer : CascadeTraffic.LAYERS) {
            CascadeTally.LayerCounts counts = tally.layers().get(layer.layerId());
            text.append(String.format(Locale.ROOT, "  %-12s %9.2f %,8d %8.1f%% %7.1f%% %9.1f %11.2f%n", layer.layerId(),
                    layer.currentThreshold(), counts.seen(), 100 * counts.capture(), 100 * counts.accuracy(),
                    counts.seen() == 0 ? 0 : counts.latencySumMs() / counts.seen(), best.get(layer.layerId())));
        }
        return text.toString();
    }

    static String render(LoadSummary summary) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Sent %,d calls and %,d feedback events in %.1f s (%,.0f calls/s).%n",
                summary.calls(), summary.feedback(), summary.elapsed().toMillis() / 1000.0, summary.callsPerSecond()));
        text.append(String.format(Locale.ROOT, "Acknowledged %,d calls and %,d feedback events; %,d failed.%n",
                summary.callsDelivered(), summary.feedbackDelivered(), summary.failed()));
        text.append(String.format(Locale.ROOT, "  %-28s %9s %8s %13s%n", "MODEL", "CALLS", "OK", "IN OUTAGE"));
        summary.byModel().forEach((model, tally) -> text.append(String.format(Locale.ROOT, "  %-28s %,9d %7.1f%% %,13d%n",
                model, tally.calls(), tally.calls() == 0 ? 0 : 100.0 * tally.ok() / tally.calls(), tally.inOutage())));
        return text.toString();
    }
}
