package io.credence.ledger;

import io.credence.event.CanonicalJson;
import io.credence.event.Event;
import io.credence.time.Instants;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The stored form of an event. Columns: {@code subject}, {@code seq}, {@code key} ({@code source/id};
 * a source never contains '/', so the first '/' splits them) and {@code body}, a small binary record:
 * recorded and at (epoch nanoseconds, 8 bytes each, big-endian), the type (one length byte, ASCII),
 * then the data as canonical JSON in UTF-8 (nothing when empty). Few columns matter: sqlite-jdbc
 * pays a native call per column bound or read, and ingest and scoring touch every event.
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
        int slash = key.indexOf('/');
        String source = key.substring(0, slash);
        String id = key.substring(slash + 1);
        int typeLength = body[16] & 0xff;
        String type = new String(body, 17, typeLength, StandardCharsets.ISO_8859_1);
        int dataStart = 17 + typeLength;
        Map<String, Object> data = dataStart == body.length ? Map.of()
                : new LazyJsonMap(new String(body, dataStart, body.length - dataStart, StandardCharsets.UTF_8));
        return new Event(id, source, subject, type, Instants.fromNanos(getLong(body, 8)), data);
    }

    static long recorded(byte[] body) {
        return getLong(body, 0);
    }

    /** The canonical data text stored in a body ("" when the event has none). */
    static String dataText(byte[] body) {
        int dataStart = 17 + (body[16] & 0xff);
        return new String(body, dataStart, body.length - dataStart, StandardCharsets.UTF_8);
    }

    private static void putLong(byte[] b, int off, long v) {
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
