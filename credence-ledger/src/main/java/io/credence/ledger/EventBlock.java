package io.credence.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A subject's events from one batch, stored as one row (store format 2). The row keeps the subject,
 * the first entry's sequence number, the number of entries and this blob; the entries' sequence
 * numbers follow one another. Each entry is its key ({@code source/id}) and its {@link EventRow}
 * body, both length-prefixed (unsigned LEB128), then its 32-byte chain hash. One row per subject and
 * batch instead of one per event is what makes ingest cheap: sqlite-jdbc pays a native call per value
 * bound, and SQLite pays per row and per index entry.
 */
final class EventBlock {
    static final int HASH_LENGTH = 32;

    private EventBlock() {}

    /** Thrown when a stored blob does not decode: it was changed outside Credence. */
    static final class MalformedBlockException extends RuntimeException {
        MalformedBlockException(String message) {
            super(message);
        }
    }

    /** Appends entries into one growing blob. Reusable: {@link #reset} before each block. */
    static final class Builder {
        private byte[] bytes = new byte[1024];
        private int length;

        void reset() {
            length = 0;
        }

        void add(String key, byte[] body, byte[] hash) {
            add(key, body, hash, EventRow.isAscii(key));
        }

        /** As above, told whether the key is ASCII. */
        void add(String key, byte[] body, byte[] hash, boolean ascii) {
            byte[] utf8 = ascii ? null : key.getBytes(StandardCharsets.UTF_8);
            int keyLength = utf8 == null ? key.length() : utf8.length;
            ensure(keyLength + body.length + HASH_LENGTH + 10);
            putVarint(keyLength);
            if (utf8 == null) {
                for (int i = 0; i < keyLength; i++) {
                    bytes[length++] = (byte) key.charAt(i);
                }
            } else {
                System.arraycopy(utf8, 0, bytes, length, keyLength);
                length += keyLength;
            }
            putVarint(body.length);
            System.arraycopy(body, 0, bytes, length, body.length);
            length += body.length;
            System.arraycopy(hash, 0, bytes, length, HASH_LENGTH);
            length += HASH_LENGTH;
        }

        byte[] toBytes() {
            return Arrays.copyOf(bytes, length);
        }

        private void putVarint(int value) {
            int v = value;
            while ((v & ~0x7f) != 0) {
                bytes[length++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        private void ensure(int extra) {
            if (length + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
            }
        }
    }

    /** Walks a blob's entries in order; after {@link #next} the fields describe the current one. */
    static final class Cursor {
        final byte[] bytes;
        private int position;
        /** The current entry's key, body range and hash offset. */
        String key;
        int bodyStart;
        int bodyEnd;
        int hashStart;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean next() {
            if (position >= bytes.length) {
                return false;
            }
            int keyLength = varint();
            int keyStart = position;
            position = checkedEnd(keyStart, keyLength);
            key = new String(bytes, keyStart, keyLength, StandardCharsets.UTF_8);
            int bodyLength = varint();
            bodyStart = position;
            bodyEnd = checkedEnd(bodyStart, bodyLength);
            if (bodyLength < 17) {
                throw new MalformedBlockException("an event body is too short");
            }
            hashStart = bodyEnd;
            position = checkedEnd(hashStart, HASH_LENGTH);
            return true;
        }

        /** The current entry's body on its own. */
        byte[] body() {
            return Arrays.copyOfRange(bytes, bodyStart, bodyEnd);
        }

        boolean hashEquals(byte[] hash) {
            return Arrays.equals(bytes, hashStart, hashStart + HASH_LENGTH, hash, 0, HASH_LENGTH);
        }

        private int checkedEnd(int start, int length) {
            if (length < 0 || start + length > bytes.length) {
                throw new MalformedBlockException("an entry runs past the end of its block");
            }
            return start + length;
        }

        private int varint() {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                if (position >= bytes.length) {
                    throw new MalformedBlockException("an entry runs past the end of its block");
                }
                byte b = bytes[position++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new MalformedBlockException("a length is malformed");
        }
    }
}
