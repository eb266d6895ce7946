package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a {@code /api/v1/ratings} answer as a fixed-width terminal table. */
final class RatingsTable {

    private RatingsTable() {
    }

    static String render(JsonNode ratings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Ratings for tenant %s, category %s, last %s (%s to %s): %d comparisons, %d pairs%n",
                ratings.path("tenant").asText(), ratings.path("category").asText(), ratings.path("window").asText(),
                ratings.path("from").asText(), ratings.path("until").asText(), ratings.path("comparisons").asLong(), ratings.path("pairs").asLong()));
        if (ratings.path("ratings").isEmpty()) {
            return out.append("  No comparisons in this span yet.").append(System.lineSeparator()).toString();
        }
        out.append(String.format(Locale.ROOT, "  %4s  %-32s %7s  %-17s %7s %7s %11s%n",
                "RANK", "MODEL", "RATING", "95 % INTERVAL", "WINS", "LOSSES", "COMPARISONS"));
        for (JsonNode rating : ratings.path("ratings")) {
            out.append(String.format(Locale.ROOT, "  %4d  %-32s %7.1f  %-17s %7.1f %7.1f %11d%n",
                    rating.path("rank").asInt(), rating.path("model").asText(), rating.path("rating").asDouble(),
                    String.format(Locale.ROOT, "%.1f – %.1f", rating.path("low").asDouble(), rating.path("high").asDouble()),
                    rating.path("wins").asDouble(), rating.path("losses").asDouble(), rating.path("comparisons").asLong()));
        }
        return out.append(String.format(Locale.ROOT, "  Scale: centred on %.0f; %.0f points ahead is 10-to-1 odds of winning. As of %s.%n",
                ratings.path("scale").path("center").asDouble(), ratings.path("scale").path("perLogit").asDouble() * Math.log(10),
                ratings.path("asOf").asText())).toString();
    }
}
