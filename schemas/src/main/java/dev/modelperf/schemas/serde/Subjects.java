package dev.modelperf.schemas.serde;

/** Subject names under Confluent's TopicNameStrategy. */
public final class Subjects {

    private Subjects() {
    }

    public static String value(String topic) {
        return topic + "-value";
    }
}
