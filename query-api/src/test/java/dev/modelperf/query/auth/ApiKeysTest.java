package dev.modelperf.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    private static final String OLD = "old-key-0123456789abcdef";
    private static final String NEW = "new-key-0123456789abcdef";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @Test
    void aChangedFileIsReadAgainAfterTheCheckInterval() throws IOException {
        Path file = write(OLD + ",acme,read", 1);
        ApiKeys keys = ApiKeys.load(file, clock);
        assertThat(keys.find(OLD)).isEqualTo(new Caller("acme", Role.READ));

        write(NEW + ",acme,admin", 2);
        assertThat(keys.find(NEW)).as("not looked at again before the interval").isNull();

        clock.advance(ApiKeys.CHECK_INTERVAL);
        assertThat(keys.find(NEW)).isEqualTo(new Caller("acme", Role.ADMIN));
        assertThat(keys.find(OLD)).as("a key taken out of the file is revoked").isNull();
    }

    @Test
    void aBrokenFileKeepsTheKeysInForce() throws IOException {
        Path file = write(OLD + ",acme,read", 1);
        ApiKeys keys = ApiKeys.load(file, clock);

        write(NEW + ",acme,superuser", 2);
        clock.advance(ApiKeys.CHECK_INTERVAL);
        assertThat(keys.find(OLD)).isEqualTo(new Caller("acme", Role.READ));
        assertThat(keys.find(NEW)).isNull();

        write(NEW + ",acme,admin", 3);
        clock.advance(ApiKeys.CHECK_INTERVAL);
        assertThat(keys.find(NEW)).as("the file fixed").isEqualTo(new Caller("acme", Role.ADMIN));
    }

    @Test
    void theFirstReadMustSucceed() {
        assertThatThrownBy(() -> ApiKeys.load(dir.resolve("absent.csv"), clock))
                .isInstanceOf(KeyFile.InvalidKeyFileException.class).hasMessageContaining("absent.csv");
    }

    /** Writes the keys file with a distinct modification time, as a real edit would have. */
    private Path write(String line, int version) throws IOException {
        Path file = Files.writeString(dir.resolve("keys.csv"), line + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
        return file;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
