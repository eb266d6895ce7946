package dev.modelperf.toolbox.soak;

import java.util.List;
import java.util.Map;

/**
 * The figures of one soak. {@code sent} is every distinct event that reached Kafka: calls and
 * feedback acknowledged 202 (each once, whatever the copies) and the invalid records put on the
 * topics. {@code lost} = sent - counted - rejected must be 0, and {@code counted} must equal the
 * valid events exactly: more would be a copy counted twice.
 *
 * @param deduplicated     copies that reached Kafka and were dropped: records on the input topics less counted and rejected
 * @param duplicatesMetric {@code duplicates-total} summed over the server's lives, read just before each kill and at the end
 */
public record SoakReport(double minutes, int callsPerSecond, long sent, long validSent, long callsSent, long feedbackSent,
                         long invalidOnTopics, long counted, long callsCounted, long feedbackCounted, long reposted, long retried,
                         long recordsOnTopics, long deduplicated, long duplicatesMetric, long rejected, Map<String, Long> rejectedByReason,
                         long refusedAtIngest, long lost, long doubled, List<Double> restartSeconds, double settledSeconds,
                         List<RssSampler.Sample> rss) {

    public boolean nothingLostNothingDoubled() {
        return lost == 0 && doubled == 0;
    }

    /** The report as the command prints it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Soak: %.1f min at %d calls/s, %d SIGKILLs of the server (restart to ready %s s), settled %.1f s after the last send%n",
                minutes, callsPerSecond, restartSeconds.size(), restartSeconds.stream().map(s -> String.format("%.1f", s)).toList(),
                settledSeconds));
        out.append(String.format("  sent          %,9d  (%,d calls and %,d feedback acknowledged, each once; %,d invalid records on the topics)%n",
                sent, callsSent, feedbackSent, invalidOnTopics));
        out.append(String.format("  counted       %,9d  (%,d calls, %,d feedback)%n", counted, callsCounted, feedbackCounted));
        out.append(String.format("  deduplicated  %,9d  (copies that reached Kafka and were dropped: %,d re-posted, %,d event sends retried; "
                + "duplicates-total over the server's lives %,d)%n", deduplicated, reposted, retried, duplicatesMetric));
        out.append(String.format("  rejected      %,9d  %s%n", rejected, rejectedByReason));
        out.append(String.format("  refused       %,9d  (invalid events answered 400 at ingest, never stored)%n", refusedAtIngest));
        out.append(String.format("  lost          %,9d  (sent - counted - rejected)%s%n", lost,
                doubled == 0 ? "" : String.format("; DOUBLED %,d: counted more than the valid events sent", doubled)));
        if (rss.isEmpty()) {
            out.append("Server RSS: not sampled (no /proc on this system)\n");
        } else {
            out.append("Server RSS (VmRSS of the server process):\n      s  life       pid   RSS MiB\n");
            for (RssSampler.Sample sample : rss) {
                out.append(String.format("  %5.0f  %4d  %8d  %8.1f%n", sample.seconds(), sample.life(), sample.pid(), sample.rssKiB() / 1024.0));
            }
        }
        return out.toString();
    }
}
