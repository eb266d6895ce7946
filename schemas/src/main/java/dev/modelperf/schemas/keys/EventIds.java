package dev.modelperf.schemas.keys;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** New event ids: version-4 UUIDs from a thread-local generator, unique but not secret, and free of SecureRandom's lock. */
public final class EventIds {

    private EventIds() {
    }

    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }
}
