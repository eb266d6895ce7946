package dev.modelperf.query.config;

/** A raw setting and the layer it came from, so that an error can say where to fix it. */
public record SettingValue(String value, String origin) {
}
