package io.credence.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash chain's canonical encoding. An entry's bytes are its table, sequence number and fields
 * (text, numbers as decimal text, or raw bytes), each length-prefixed ({@code 5:event}, {@code -1:} for null), so that no two
 * different entries encode alike; its hash is SHA-256 over the previous hash and those bytes. The
 * writer and the verifier both call {@link #hash}, so they cannot drift apart. Not thread-safe: one
 * per writer or verifier.
 */
final class Chain {
    static final byte[] GENESIS = new byte[32];

    private final MessageDigest digest;
    private byte[] buffer = new byte[512];
    private int length;

    Chain() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    byte[] hash(byte[] previous, String table, long seq, Object... fields) {
        length = 0;
        put(table);
        put(seq);
        for (Object field : fields) {
            switch (field) {
                case null -> {
                    ensure(3);
                    buffer[length++] = '-';
                    buffer[length++] = '1';
                    buffer[length++] = ':';
                }
                case Long l -> put(l.longValue());
                case Integer i -> put(i.longValue());
                case byte[] bytes -> {
                    ensure(bytes.length + 12);
                    prefix(bytes.length);
                    System.arraycopy(bytes, 0, buffer, length, bytes.length);
                    length += bytes.length;
                }
                default -> put(field.toString());
            }
        }
        digest.update(previous);
        digest.update(buffer, 0, length);
        return digest.digest();
    }

    /**
     * {@code hash(previous, "events", seq, subject, key, body)}, the same bytes without boxing or
     * copying the texts first: ingest hashes a million of these per second on one thread.
     */
    byte[] hashEvent(byte[] previous, long seq, String subject, String key, byte[] body) {
        return hashEvent(previous, seq, subject, key, body, EventRow.isAscii(subject) && EventRow.isAscii(key));
    }

    /** As above, told whether subject and key are ASCII (a scanned event's are: {@link EncodedEvent#ascii}). */
    byte[] hashEvent(byte[] previous, long seq, String subject, String key, byte[] body, boolean ascii) {
        if (seq < 0 || !ascii) {
            return hash(previous, "events", seq, subject, key, body);
        }
        length = 0;
        ensure(subject.length() + key.length() + body.length + 64);
        ascii("events");
        int digits = 1;
        for (long v = seq; v >= 10; v /= 10) {
            digits++;
        }
        prefix(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + seq % 10);
            seq /= 10;
        }
        length += digits;
        ascii(subject);
        ascii(key);
        prefix(body.length);
        System.arraycopy(body, 0, buffer, length, body.length);
        length += body.length;
        digest.update(previous);
        digest.update(buffer, 0, length);
        return digest.digest();
    }

    private void ascii(String text) {
        prefix(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    /** A number is encoded as its decimal text, like any other field. */
    private void put(long value) {
        put(Long.toString(value));
    }

    private void put(String value) {
        // For ASCII text (nearly all of it) this is an intrinsic copy, not a loop over chars.
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length + 12);
        prefix(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    /** Writes {@code n:}. */
    private void prefix(int n) {
        if (n == 0) {
            buffer[length++] = '0';
        } else {
            int start = length;
            for (int v = n; v != 0; v /= 10) {
                buffer[length++] = (byte) ('0' + v % 10);
            }
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte b = buffer[i];
                buffer[i] = buffer[j];
                buffer[j] = b;
            }
        }
        buffer[length++] = ':';
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
