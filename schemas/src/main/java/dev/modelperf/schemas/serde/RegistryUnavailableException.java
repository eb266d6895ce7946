package dev.modelperf.schemas.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry could not be asked for a writer schema or a schema's id (unreachable, timing out,
 * failing with a 5xx) for longer than the deserializer or serializer was told to wait. Unlike a
 * {@link org.apache.kafka.common.errors.SerializationException} it says nothing about the record:
 * the same bytes decode, the same value serializes, once the registry is back, so a caller must
 * retry, never dead-letter.
 */
public class RegistryUnavailableException extends RetriableException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
