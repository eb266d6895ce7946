package dev.modelperf.query;

/** A query parameter that breaks a rule; answered 400 with a JSON body naming both. */
public class BadRequestException extends RuntimeException {

    private final String parameter;

    public BadRequestException(String parameter, String rule) {
        super(rule);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
