package dev.modelperf.query.export;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one export asks for, checked: events of {@code tenant} (null: every tenant) with event time
 * in [{@code since}, {@code until}), read until {@code grace} past {@code until} for late events;
 * {@code cursor} holds, per line kind and partition, the offset of the last line already received.
 */
public record ExportRequest(Instant since, Instant until, Duration grace, String tenant, Set<ExportKind> kinds,
                            ExportFormat format, Map<Position, Long> cursor) {

    /** How long after {@code until} late feedback, judgments and calls are still looked for, unless {@code grace} says. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration MAX_GRACE = Duration.ofDays(30);
    /** The {@code tenant} value that asks for every tenant (admin keys only when access control is on). */
    public static final String ALL_TENANTS = "*";

    private static final Pattern GRACE = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Pattern CURSOR_ENTRY = Pattern.compile("([a-z]+):(\\d{1,6}):(\\d{1,19})");

    /** A line kind's partition: where a cursor position applies. */
    public record Position(ExportKind kind, int partition) {
    }

    public ExportRequest {
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        cursor = Collections.unmodifiableMap(new LinkedHashMap<>(cursor));
    }

    /** Parses and checks the parameters; {@code tenant} is already resolved (the key's tenant when absent). */
    public static ExportRequest parse(Map<String, String> parameters, String tenant, Instant now) {
        Instant since = instant(parameters.get("since"), "since", null);
        if (since == null) {
            throw new BadRequestException("since", "is required: an ISO-8601 instant (2026-12-01T00:00:00Z) or epoch milliseconds");
        }
        Instant until = instant(parameters.get("until"), "until", now);
        if (!until.isAfter(since)) {
            throw new BadRequestException("until", "must be after since (" + since + ")");
        }
        Duration grace = grace(parameters.get("grace"));
        Set<ExportKind> kinds = kinds(parameters.get("kinds"));
        ExportFormat format = ExportFormat.named(parameters.get("format"));
        Map<Position, Long> cursor = cursor(parameters.get("cursor"), kinds);
        String checkedTenant = ALL_TENANTS.equals(tenant) ? null : tenant;
        if (checkedTenant != null && !ModelCallRules.TENANT.matcher(checkedTenant).matches()) {
            throw new BadRequestException("tenant", "must match " + ModelCallRules.TENANT.pattern() + ", or be * for every tenant");
        }
        return new ExportRequest(since, until, grace, checkedTenant, kinds, format, cursor);
    }

    /** The event time after which nothing more is read: {@code until} plus the grace. */
    public Instant readUntil() {
        return until.plus(grace);
    }

    public boolean includes(ExportKind kind) {
        return kinds.contains(kind);
    }

    /** Whether an event of {@code eventTenant} stamped {@code time} belongs to the export. */
    boolean selects(String eventTenant, Instant time) {
        return (tenant == null || tenant.equals(eventTenant)) && !time.isBefore(since) && time.isBefore(until);
    }

    private static Instant instant(String text, String name, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return text.chars().allMatch(Character::isDigit) && text.length() <= 15 ? Instant.ofEpochMilli(Long.parseLong(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadRequestException(name, "must be an ISO-8601 instant (2026-12-01T00:00:00Z) or epoch milliseconds (was '"
                    + text + "')");
        }
    }

    private static Duration grace(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_GRACE;
        }
        Matcher matcher = GRACE.matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration grace = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            if (grace.compareTo(MAX_GRACE) <= 0) {
                return grace;
            }
        }
        throw new BadRequestException("grace", "must be a whole number of s, m, h or d (e.g. 90m), at most 30d");
    }

    private static Set<ExportKind> kinds(String text) {
        if (text == null || text.isBlank()) {
            return EnumSet.allOf(ExportKind.class);
        }
        Set<ExportKind> kinds = EnumSet.noneOf(ExportKind.class);
        for (String name : text.split(",", -1)) {
            ExportKind kind = ExportKind.parameterNamed(name);
            if (kind == null) {
                throw new BadRequestException("kinds", "must be a comma-separated list of calls, feedback, comparisons, judgments (was '"
                        + text + "')");
            }
            kinds.add(kind);
        }
        if ((kinds.contains(ExportKind.FEEDBACK) || kinds.contains(ExportKind.JUDGMENTS)) && !kinds.contains(ExportKind.CALLS)) {
            throw new BadRequestException("kinds", "feedback and judgments are exported on the line of their call: include calls");
        }
        return kinds;
    }

    private static Map<Position, Long> cursor(String text, Set<ExportKind> kinds) {
        Map<Position, Long> cursor = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return cursor;
        }
        for (String entry : text.split(",", -1)) {
            Matcher matcher = CURSOR_ENTRY.matcher(entry.trim());
            ExportKind kind = matcher.matches() ? ExportKind.lineNamed(matcher.group(1)) : null;
            if (kind == null) {
                throw new BadRequestException("cursor", "must be comma-separated kind:partition:offset entries with kind call or "
                        + "comparison (e.g. call:0:1234,comparison:2:56), each the last line received (was '" + entry + "')");
            }
            if (!kinds.contains(kind)) {
                throw new BadRequestException("cursor", "names " + kind.line() + " lines, which kinds does not include");
            }
            long offset;
            try {
                offset = Long.parseLong(matcher.group(3));
            } catch (NumberFormatException e) {
                throw new BadRequestException("cursor", "offset out of range in '" + entry + "'");
            }
            if (cursor.put(new Position(kind, Integer.parseInt(matcher.group(2))), offset) != null) {
                throw new BadRequestException("cursor", "names " + kind.line() + " partition " + matcher.group(2) + " twice");
            }
        }
        return cursor;
    }
}
