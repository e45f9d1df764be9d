package io.credence.ledger;

import io.credence.event.Event;
import io.credence.event.EventScanner;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event in its stored form, ready to append: subject, key ({@code source/id}) and {@link EventRow}
 * body, whose recorded time the ledger fills in when it writes it. Ingest builds these straight from
 * the bytes of a plain line ({@link #scanned}), without an {@link Event} or a map in between, on
 * the parsing threads; the ledger's writer then only groups, chains and stores them.
 */
public final class EncodedEvent {
    final String subject;
    final String key;
    /** Subject and key are ASCII: always for a scanned line, which lets nothing else through. */
    final boolean ascii;
    final byte[] body;
    private final String source;
    private final String type;

    private EncodedEvent(String subject, String source, String key, String type, byte[] body, boolean ascii) {
        this.ascii = ascii;
        this.subject = subject;
        this.source = source;
        this.key = key;
        this.type = type;
        this.body = body;
    }

    public static EncodedEvent of(Event event) {
        String key = EventRow.key(event);
        return new EncodedEvent(event.subject(), event.source(), key, event.type(), EventRow.body(event, 0),
                EventRow.isAscii(event.subject()) && EventRow.isAscii(key));
    }

    /**
     * The event the scanner just recognized. {@code previous} is the event of the line before, or
     * null: consecutive lines are usually about the same subject, which then shares one String.
     */
    public static EncodedEvent scanned(EventScanner s, EncodedEvent previous) {
        byte[] b = s.bytes();
        String subject = previous != null && sameAscii(previous.subject, b, s.subjectFrom(), s.subjectTo())
                ? previous.subject : ascii(b, s.subjectFrom(), s.subjectTo());
        String source = EventRow.name(b, s.sourceFrom(), s.sourceTo() - s.sourceFrom());
        String type = EventRow.name(b, s.typeFrom(), s.typeTo() - s.typeFrom());
        int idLength = s.idTo() - s.idFrom();
        byte[] key = new byte[source.length() + 1 + idLength];
        for (int i = 0; i < source.length(); i++) {
            key[i] = (byte) source.charAt(i); // ASCII: the scanner let nothing else through
        }
        key[source.length()] = '/';
        System.arraycopy(b, s.idFrom(), key, source.length() + 1, idLength);
        int typeLength = type.length();
        int dataLength = s.hasData() ? s.dataTo() - s.dataFrom() : 0;
        byte[] body = new byte[17 + typeLength + dataLength];
        EventRow.putLong(body, 8, s.atNanos());
        body[16] = (byte) typeLength;
        System.arraycopy(b, s.typeFrom(), body, 17, typeLength);
        if (dataLength > 0) {
            System.arraycopy(b, s.dataFrom(), body, 17 + typeLength, dataLength);
        }
        return new EncodedEvent(subject, source, new String(key, StandardCharsets.ISO_8859_1), type, body, true);
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameAscii(String s, byte[] b, int from, int to) {
        if (s.length() != to - from) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    public String subject() {
        return subject;
    }

    /** The source, one shared String per distinct source. */
    public String source() {
        return source;
    }

    /** The type name, interned like the rulebook's, so a type lookup matches by identity. */
    public String type() {
        return type;
    }

    /** The same event as an {@link Event}, its data read from the canonical JSON when asked. */
    public Event event() {
        return EventRow.event(subject, key, body);
    }

    /** Whether both say the same about the same subject: type, at and data (the recorded time aside). */
    boolean sameContent(String otherSubject, byte[] otherBody) {
        return subject.equals(otherSubject)
                && Arrays.equals(body, 8, body.length, otherBody, 8, otherBody.length);
    }
}
