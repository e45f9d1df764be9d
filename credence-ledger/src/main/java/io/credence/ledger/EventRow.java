package io.credence.ledger;

import io.credence.event.CanonicalJson;
import io.credence.event.Event;
import io.credence.time.Instants;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The stored form of an event: its key ({@code source/id}; a source never contains '/', so the first
 * '/' splits them) and its body, a small binary record:
 * recorded and at (epoch nanoseconds, 8 bytes each, big-endian), the type (one length byte, ASCII),
 * then the data as canonical JSON in UTF-8 (nothing when empty). {@link EventBlock} keeps a
 * subject's entries of one batch together in one row.
 */
final class EventRow {
    private EventRow() {}

    static String key(Event event) {
        return event.source() + "/" + event.id();
    }

    static byte[] body(Event event, long recorded) {
        String type = event.type();
        byte[] data = event.data().isEmpty() ? new byte[0]
                : CanonicalJson.write(event.data()).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[17 + type.length() + data.length];
        putLong(body, 0, recorded);
        putLong(body, 8, Instants.toNanos(event.at()));
        body[16] = (byte) type.length();
        for (int i = 0; i < type.length(); i++) {
            body[17 + i] = (byte) type.charAt(i);
        }
        System.arraycopy(data, 0, body, 17 + type.length(), data.length);
        return body;
    }

    static Event event(String subject, String key, byte[] body) {
        return event(subject, key, body, 0, body.length);
    }

    /** The event whose body is {@code bytes[offset, end)}. */
    static Event event(String subject, String key, byte[] bytes, int offset, int end) {
        int slash = key.indexOf('/');
        String source = key.substring(0, slash);
        String id = key.substring(slash + 1);
        int typeLength = bytes[offset + 16] & 0xff;
        String type = name(bytes, offset + 17, typeLength);
        int dataStart = offset + 17 + typeLength;
        Map<String, Object> data = dataStart >= end ? Map.of()
                : new LazyJsonMap(new String(bytes, dataStart, end - dataStart, StandardCharsets.UTF_8));
        return new Event(id, source, subject, type, Instants.fromNanos(getLong(bytes, offset + 8)), data);
    }

    /** Whether every character of {@code text} is ASCII (then its UTF-8 bytes are its chars). */
    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Type and source names are few and read millions of times: each is decoded to one shared
     * String, so its hash is computed once and rulebook lookups find it at once. An open-addressing
     * table replaced whole on insert (readers never lock; a lost race only means two equal strings).
     */
    private static volatile String[] names = new String[1024];

    static String name(byte[] bytes, int from, int length) {
        int hash = 0;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + (bytes[i] & 0xff);
        }
        String[] table = names;
        int mask = table.length - 1;
        int slot = hash & mask;
        for (String name = table[slot]; name != null; name = table[slot = (slot + 1) & mask]) {
            if (name.length() == length && sameLatin1(name, bytes, from)) {
                return name;
            }
        }
        // Interned, as the rulebook interns its type names: a type lookup then matches by identity.
        String fresh = new String(bytes, from, length, StandardCharsets.ISO_8859_1).intern();
        synchronized (EventRow.class) {
            String[] current = names;
            int used = 0;
            for (String name : current) {
                used += name == null ? 0 : 1;
            }
            if (used < current.length / 2) {
                String[] next = current.clone();
                int at = fresh.hashCode() & mask;
                while (next[at] != null) {
                    at = (at + 1) & mask;
                }
                next[at] = fresh;
                names = next;
            }
        }
        return fresh;
    }

    private static boolean sameLatin1(String name, byte[] bytes, int from) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != (char) (bytes[from + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    static long recorded(byte[] body) {
        return getLong(body, 0);
    }

    static long recorded(byte[] bytes, int offset) {
        return getLong(bytes, offset);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
