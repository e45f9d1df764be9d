package io.credence.ledger;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Ids for records the system writes itself (decisions, notices): a prefix, the time in
 * milliseconds (9 characters), then 60 random bits (12 characters), in a base-32 alphabet without
 * look-alike letters. Time first: ids of one period sit together in the ledger's indexes, so
 * recording one dirties the index's newest page rather than a random one. The random part comes
 * from a {@link SecureRandom} per thread (a shared one serialized every decision on its lock),
 * drawn 64 ids' worth at a time: a call to the generator cost as much as the rest of a decision's
 * id, and NativePRNG's instances still share one source.
 */
public final class RecordIds {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final ThreadLocal<Bits> BITS = ThreadLocal.withInitial(Bits::new);

    private RecordIds() {}

    /** A new id: {@code prefix}, 9 characters of time, 12 random ones. Thread-safe. */
    public static String timeOrdered(String prefix) {
        char[] id = new char[prefix.length() + 9 + 12];
        prefix.getChars(0, prefix.length(), id, 0);
        int at = prefix.length();
        long millis = System.currentTimeMillis();
        for (int shift = 40; shift >= 0; shift -= 5) {
            id[at++] = ALPHABET[(int) (millis >>> shift) & 31];
        }
        long bits = BITS.get().next();
        for (int i = 0; i < 12; i++) {
            id[at++] = ALPHABET[(int) (bits >>> (5 * i)) & 31];
        }
        return new String(id);
    }

    /** One thread's supply of random longs, refilled from its generator when used up. */
    private static final class Bits {
        private final SecureRandom random = new SecureRandom();
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * Long.BYTES);

        Bits() {
            buffer.position(buffer.limit()); // empty: the first call fills it
        }

        long next() {
            if (!buffer.hasRemaining()) {
                random.nextBytes(buffer.array());
                buffer.clear();
            }
            return buffer.getLong();
        }
    }
}
