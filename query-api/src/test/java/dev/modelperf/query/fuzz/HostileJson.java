package dev.modelperf.query.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Ingest bodies made from valid events by mutation: fields of the wrong type, missing or extra,
 * numbers out of every range, strings with NUL, control, zero-width and bidi characters or lone
 * surrogates, keys twice, deep nesting, trailing garbage, truncation, bytes that are not UTF-8, and
 * arrays mixing good events with bad ones. An event is an ordered list of raw JSON members, so a
 * mutation can write what no JSON library would.
 */
final class HostileJson {

    /** One member of an event object: a name and its raw JSON value. */
    record Member(String name, String raw) {
    }

    /** A change to one event. */
    interface Mutation {
        List<Member> apply(List<Member> event);
    }

    private HostileJson() {
    }

    /** A whole body for {@code POST /api/v1/events/...}, from {@code valid} events of that kind. */
    static Arbitrary<byte[]> bodies(Arbitrary<List<Member>> valid) {
        Arbitrary<String> event = Combinators.combine(valid, mutations(valid).list().ofMaxSize(4))
                .as((members, changes) -> {
                    List<Member> mutated = members;
                    for (Mutation change : changes) {
                        mutated = change.apply(mutated);
                    }
                    return render(mutated);
                });
        Arbitrary<String> json = Arbitraries.oneOf(event, event.list().ofMinSize(1).ofMaxSize(6).map(events -> "[" + String.join(",", events) + "]"));
        return Arbitraries.frequencyOf(
                Tuple.of(12, json.map(HostileJson::utf8)),
                Tuple.of(1, Combinators.combine(json, Arbitraries.integers().between(1, 3_000))
                        .as((text, depth) -> utf8("[".repeat(depth) + text + "]".repeat(depth)))),
                Tuple.of(1, Combinators.combine(json, garbage()).as((text, tail) -> utf8(text + tail))),
                Tuple.of(1, Combinators.combine(json, Arbitraries.doubles().between(0, 1))
                        .as((text, cut) -> utf8(text.substring(0, (int) (text.length() * cut))))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, json.map(text -> {
                    byte[] bytes = utf8(text);
                    bytes[bytes.length / 2] = (byte) 0xC0; // never valid in UTF-8
                    return bytes;
                })));
    }

    private static Arbitrary<Mutation> mutations(Arbitrary<List<Member>> valid) {
        Arbitrary<String> anyName = Arbitraries.oneOf(Arbitraries.of("latency_ms", "Model", "extra", "", "eventid", "\u0000"),
                hostileStrings());
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 30), hostileValues())
                        .as((index, raw) -> event -> replace(event, index, raw)),
                Arbitraries.integers().between(0, 30).map(index -> event -> remove(event, index)),
                Combinators.combine(anyName, hostileValues()).as((name, raw) -> event -> add(event, new Member(name, raw))),
                Combinators.combine(Arbitraries.integers().between(0, 30), hostileValues())
                        .as((index, raw) -> event -> event.isEmpty() ? event
                                : add(event, new Member(event.get(index % event.size()).name(), raw))));
    }

    private static List<Member> replace(List<Member> event, int index, String raw) {
        if (event.isEmpty()) {
            return event;
        }
        List<Member> changed = new ArrayList<>(event);
        Member member = changed.get(index % changed.size());
        changed.set(index % changed.size(), new Member(member.name(), raw));
        return changed;
    }

    private static List<Member> remove(List<Member> event, int index) {
        if (event.isEmpty()) {
            return event;
        }
        List<Member> changed = new ArrayList<>(event);
        changed.remove(index % changed.size());
        return changed;
    }

    private static List<Member> add(List<Member> event, Member member) {
        List<Member> changed = new ArrayList<>(event);
        changed.add(member);
        return changed;
    }

    /** Raw JSON values of every kind, and a few that are not JSON at all. */
    static Arbitrary<String> hostileValues() {
        return Arbitraries.oneOf(
                hostileNumbers(),
                hostileStrings().map(HostileJson::quote),
                hostileStrings().map(HostileJson::quoteRaw),
                Arbitraries.of("true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "NaN", "Infinity",
                        "-Infinity", "undefined", "'single'", "\"unterminated", "0x1F", "01", "+1", ".5", "1.", "--1"));
    }

    static Arbitrary<String> hostileNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "-0", "1e309", "-1e309", "1e-400", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775809", "3600001", "10000001", "1.5", "2147483648", "1e2", "4.9e-324",
                        "1797693134862315708145274237317043567981" + "0".repeat(300), "123456789012345678901234567890"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(text -> !text.contains("N") && !text.contains("I")));
    }

    /** Text meant to break a rule or a parser: NUL and control characters, invisible ones, lone surrogates, the very long. */
    static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", " padded ", "\u0000", "a\u0000b", "\u0007", "\n", "tab\there", "\u200b", "zero\u200bwidth",
                        "\u202eevil", "\ufeff", "\ud800", "x\udc00", "\udbff\udfff", "😀", "emoji😀/model", "модель", "𝓶𝓸𝓭𝓮𝓵",
                        "a".repeat(129), "a".repeat(201), "b".repeat(70_000), "code/../etc", "code//x", "CODE/X", "*", "%00",
                        "OK", "ok", "Ok", "SERVER_ERROR", "USER", "2025-06-01T12:00:00Z", "1970-01-01T00:00:00Z",
                        "9999-12-31T23:59:59Z", "not-a-date"),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5));
    }

    private static Arbitrary<String> garbage() {
        return Arbitraries.of("x", "}", "]", ",", "{}", "[]", " {\"a\":1}", "\u0000", "null", "// comment", "/* c */");
    }

    /** A JSON string, every character outside printable ASCII written as an escape (lone surrogates included). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A JSON string with its characters written as they are: raw control characters make it invalid JSON. */
    private static String quoteRaw(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String render(List<Member> event) {
        List<String> members = new ArrayList<>();
        for (Member member : event) {
            members.add(quote(member.name()) + ":" + member.raw());
        }
        return "{" + String.join(",", members) + "}";
    }

    static List<Member> members(Map<String, String> raw) {
        return raw.entrySet().stream().map(e -> new Member(e.getKey(), e.getValue())).toList();
    }

    /** UTF-8 bytes; a lone surrogate written raw becomes '?', as any Java client would send it. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
