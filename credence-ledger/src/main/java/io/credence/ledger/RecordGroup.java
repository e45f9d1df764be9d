package io.credence.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records of one commit that are kept together, as one row of {@code record_groups} (store
 * format 5, decisions 019): each record's seq, kind, ref, subject (or none), body, actor, time
 * recorded and chain hash, one after the other. The hash is the one the record would have as a row
 * of {@code records}: where a record is kept does not change the chain.
 *
 * <p>Layout per record: seq (8 bytes), recorded (8), the hash (length byte, then its bytes), then
 * kind, ref, subject, body and actor, each as a length (4 bytes; -1 for no subject) and UTF-8.
 */
final class RecordGroup {
    private RecordGroup() {}

    /** One record as the group holds it. */
    record Entry(long seq, String kind, String ref, String subject, String body, String actor, long recorded,
            byte[] hash) {}

    /** Builds a group's bytes, record by record, in seq order. Not thread-safe. */
    static final class Builder {
        private byte[] bytes = new byte[16 * 1024];
        private int length;
        private long first = -1;
        private long last = -1;

        void add(long seq, String kind, String ref, String subject, String body, String actor, long recorded,
                byte[] hash) {
            if (first < 0) {
                first = seq;
            }
            last = seq;
            putLong(seq);
            putLong(recorded);
            ensure(1 + hash.length);
            bytes[length++] = (byte) hash.length;
            System.arraycopy(hash, 0, bytes, length, hash.length);
            length += hash.length;
            putText(kind);
            putText(ref);
            putText(subject);
            putText(body);
            putText(actor);
        }

        boolean isEmpty() {
            return first < 0;
        }

        long first() {
            return first;
        }

        long last() {
            return last;
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        void clear() {
            length = 0;
            first = -1;
            last = -1;
        }

        private void putLong(long v) {
            putBigEndian(v, 8);
        }

        private void putInt(int v) {
            putBigEndian(v, 4);
        }

        private void putBigEndian(long v, int width) {
            ensure(width);
            for (int i = width - 1; i >= 0; i--) {
                bytes[length++] = (byte) (v >>> (8 * i));
            }
        }

        private void putText(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            putInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
            }
        }
    }

    /** A group's bytes cannot be read: they were changed outside Credence. */
    static final class MalformedGroupException extends RuntimeException {
        MalformedGroupException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads a group's records in order: {@link #advance} reads a record's seq, kind, ref and subject
     * (what lookups compare), {@link #entry} the rest of it, only for the records wanted.
     */
    static final class Cursor {
        private final byte[] bytes;
        private int at;
        private long seq;
        private long recorded;
        private int hashAt;
        private int hashLength;
        private String kind;
        private String ref;
        private String subject;
        private int bodyAt;
        private int end;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Moves to the next record; false at the end of the group. */
        boolean advance() {
            if (at >= bytes.length) {
                return false;
            }
            seq = getLong();
            recorded = getLong();
            need(1);
            hashLength = bytes[at++] & 0xff;
            need(hashLength);
            hashAt = at;
            at += hashLength;
            kind = getText(false);
            ref = getText(false);
            subject = getText(true);
            bodyAt = at;
            skipText();
            skipText();
            end = at;
            return true;
        }

        long seq() {
            return seq;
        }

        String kind() {
            return kind;
        }

        String ref() {
            return ref;
        }

        String subject() {
            return subject;
        }

        /** The whole record the cursor is on. */
        Entry entry() {
            at = bodyAt;
            String body = getText(false);
            String actor = getText(false);
            at = end;
            return new Entry(seq, kind, ref, subject, body, actor, recorded,
                    Arrays.copyOfRange(bytes, hashAt, hashAt + hashLength));
        }

        private void skipText() {
            int n = getLength();
            need(n);
            at += n;
        }

        private int getLength() {
            return (int) getBigEndian(4);
        }

        private void need(int n) {
            if (n < 0 || at + n > bytes.length) {
                throw new MalformedGroupException("a group of records ends in the middle of a record");
            }
        }

        private long getLong() {
            return getBigEndian(8);
        }

        private long getBigEndian(int width) {
            need(width);
            long v = 0;
            for (int i = 0; i < width; i++) {
                v = (v << 8) | (bytes[at++] & 0xff);
            }
            return v;
        }

        private String getText(boolean nullable) {
            int n = getLength();
            if (n == -1 && nullable) {
                return null;
            }
            need(n);
            String s = new String(bytes, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }
    }
}
