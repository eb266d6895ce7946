package dev.modelperf.schemas.validation;

import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The checks {@link ModelCallRules} and {@link FeedbackRules} share, so that both word a broken rule alike. */
final class FieldChecks {

    static final String CATEGORY_RULE = "must be " + CategoryPath.RULE + " (e.g. code/backend/api)";

    private FieldChecks() {
    }

    /** A required name or id: not blank, at most {@code maxLength} characters, {@link #name printable}. */
    static void text(List<Violation> violations, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "must not be blank"));
        } else {
            optionalText(violations, field, value, maxLength);
        }
    }

    /** An optional name or id: when present, at most {@code maxLength} characters and {@link #name printable}. */
    static void optionalText(List<Violation> violations, String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters (was " + value.length() + ")"));
        } else {
            String problem = name(value);
            if (problem != null) {
                violations.add(new Violation(field, problem));
            }
        }
    }

    /** Free text (a message, a comment): when present, at most {@code maxLength} characters, valid UTF-16, no control character but tab and line breaks. */
    static void freeText(List<Violation> violations, String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters (was " + value.length() + ")"));
        } else {
            String problem = prose(value);
            if (problem != null) {
                violations.add(new Violation(field, problem));
            }
        }
    }

    /**
     * Why {@code value} is no printable name, or null: names and ids are keys of stores and of
     * answers, so a control, invisible (zero-width, bidi) or line-separator character, a lone
     * surrogate or surrounding whitespace would make two names that look alike count apart.
     */
    static String name(String value) {
        String utf16 = unpaired(value);
        if (utf16 != null) {
            return utf16;
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                return "must be printable: no control, invisible or unassigned character (" + codePointName(codePoint)
                        + " at index " + i + ")";
            }
            i += Character.charCount(codePoint);
        }
        if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            return "must not begin or end with whitespace";
        }
        return null;
    }

    /** Why {@code value} is no acceptable free text, or null. */
    static String prose(String value) {
        String utf16 = unpaired(value);
        if (utf16 != null) {
            return utf16;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return "must not contain control characters other than tab and line breaks (" + codePointName(c)
                        + " at index " + i + ")";
            }
        }
        return null;
    }

    private static String unpaired(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid UTF-16 (lone surrogate " + codePointName(c) + " at index " + i + ")";
            }
        }
        return null;
    }

    private static String codePointName(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /** An optional score or share: when present, a finite number in 0..1. */
    static void unitInterval(List<Violation> violations, String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            violations.add(new Violation(field, "must be a finite number between 0 and 1 (was " + value + ")"));
        }
    }

    /** Tokens of one answer: 0..{@link ModelCallRules#MAX_TOKENS}, as in a call. */
    static void tokens(List<Violation> violations, String field, Long value) {
        if (value != null && (value < 0 || value > ModelCallRules.MAX_TOKENS)) {
            violations.add(new Violation(field, "must be between 0 and " + ModelCallRules.MAX_TOKENS + " (was " + value + ")"));
        }
    }

    static void timestamp(List<Violation> violations, Instant timestamp, long nowMs, long maxFutureSkewMs) {
        // Compared as instants: an instant such as +999999999-12-31T23:59:59Z has no epoch milliseconds.
        Instant latest = Instant.ofEpochMilli(nowMs).plusMillis(maxFutureSkewMs);
        if (!timestamp.isAfter(Instant.EPOCH)) {
            violations.add(new Violation("timestamp", "must be after 1970-01-01T00:00:00Z"));
        } else if (timestamp.isAfter(latest)) {
            Duration ahead = Duration.between(Instant.ofEpochMilli(nowMs), timestamp);
            violations.add(new Violation("timestamp", "must not be more than " + maxFutureSkewMs
                    + " ms in the future (was " + (ahead.toDays() < 365 ? ahead.toMillis() + " ms ahead" : timestamp) + ")"));
        }
    }

    static void tenant(List<Violation> violations, String tenant) {
        if (tenant == null || !ModelCallRules.TENANT.matcher(tenant).matches()) {
            violations.add(new Violation("tenant", "must match " + ModelCallRules.TENANT.pattern()));
        }
    }
}
