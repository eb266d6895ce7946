package dev.modelperf.streams.aggregate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * USD prices per 1,000 input and output tokens by model, for calls that do not report their cost.
 * CSV lines {@code model,usd_per_1k_input,usd_per_1k_output}; {@code #} starts a comment. The
 * built-in table ({@code default-prices.csv}) can be extended or overridden with a file.
 */
public final class PriceTable {

    private record Price(double perThousandInput, double perThousandOutput) {
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The built-in table, then {@code overrides} (may be null) on top. */
    public static PriceTable load(Path overrides) {
        Map<String, Price> prices = new HashMap<>();
        try (InputStream builtIn = Objects.requireNonNull(PriceTable.class.getResourceAsStream("/default-prices.csv"))) {
            read(new BufferedReader(new InputStreamReader(builtIn, StandardCharsets.UTF_8)), "default-prices.csv", prices);
            if (overrides != null) {
                try (BufferedReader reader = Files.newBufferedReader(overrides)) {
                    read(reader, overrides.toString(), prices);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read price table: " + e.getMessage(), e);
        }
        return new PriceTable(prices);
    }

    private static void read(BufferedReader reader, String source, Map<String, Price> into) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split(",");
            try {
                if (fields.length != 3) {
                    throw new NumberFormatException("expected 3 fields");
                }
                double input = Double.parseDouble(fields[1].strip());
                double output = Double.parseDouble(fields[2].strip());
                if (!(input >= 0 && output >= 0)) {
                    throw new NumberFormatException("prices must be >= 0");
                }
                into.put(fields[0].strip(), new Price(input, output));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + number
                        + ": must be model,usd_per_1k_input,usd_per_1k_output (" + e.getMessage() + ")");
            }
        }
    }

    /** The estimated cost of a call, or null when the model has no price. */
    public Double estimate(String model, long inputTokens, long outputTokens) {
        Price price = prices.get(model);
        return price == null ? null : (inputTokens * price.perThousandInput() + outputTokens * price.perThousandOutput()) / 1000.0;
    }
}
