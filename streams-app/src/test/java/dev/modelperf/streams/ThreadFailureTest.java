package dev.modelperf.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.schemas.serde.RegistryUnavailableException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** A registry outage replaces the thread (its records are read again); any other failure stops the client. */
class ThreadFailureTest {

    @Test
    void aRegistryOutageReplacesTheThread() {
        StreamsException failed = new StreamsException("processing failed",
                new RuntimeException(new RegistryUnavailableException("registry down", null)));

        assertThat(ModelPerfStreams.responseTo(failed)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void anythingElseShutsTheClientDown() {
        assertThat(ModelPerfStreams.responseTo(new StreamsException("boom", new IllegalStateException())))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
