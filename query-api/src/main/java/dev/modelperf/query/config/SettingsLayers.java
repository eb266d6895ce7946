package dev.modelperf.query.config;

import dev.modelperf.streams.config.SettingsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges raw settings in increasing precedence: built-in defaults, a properties file, the
 * environment ({@code MODELPERF_HTTP_PORT} → {@code http.port}, {@code KAFKA_FOO_BAR} →
 * {@code kafka.foo.bar}) and the command line. Each value remembers its origin.
 */
public final class SettingsLayers {

    /** Variables of the {@code ./modelperf} launcher itself, not settings: the server would refuse them as unknown keys. */
    static final String LAUNCHER_JAVA_OPTIONS = "MODELPERF_JAVA_OPTS";

    private final Map<String, SettingValue> values = new LinkedHashMap<>();

    public SettingsLayers defaults(Map<String, String> defaults) {
        defaults.forEach((key, value) -> values.put(key, new SettingValue(value, "default")));
        return this;
    }

    public SettingsLayers file(Path file) {
        if (file == null) {
            return this;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException("Cannot read settings file " + file + ": " + e.getMessage());
        }
        properties.stringPropertyNames().forEach(key ->
                values.put(key, new SettingValue(properties.getProperty(key).trim(), "file " + file)));
        return this;
    }

    public SettingsLayers environment(Map<String, String> environment) {
        environment.forEach((name, value) -> {
            String key = null;
            if (name.equals(LAUNCHER_JAVA_OPTIONS)) {
                return;
            }
            if (name.startsWith("MODELPERF_")) {
                key = dotted(name.substring("MODELPERF_".length()));
            } else if (name.startsWith("KAFKA_")) {
                key = "kafka." + dotted(name.substring("KAFKA_".length()));
            }
            if (key != null && !key.isEmpty()) {
                values.put(key, new SettingValue(value.trim(), "environment variable " + name));
            }
        });
        return this;
    }

    public SettingsLayers commandLine(Map<String, String> options) {
        options.forEach((key, value) -> values.put(key, new SettingValue(value.trim(), "command line")));
        return this;
    }

    public Map<String, SettingValue> values() {
        return Map.copyOf(values);
    }

    private static String dotted(String environmentName) {
        return environmentName.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
