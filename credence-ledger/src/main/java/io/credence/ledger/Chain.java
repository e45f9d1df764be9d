package io.credence.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain's canonical encoding. An entry's bytes are its table, sequence number, recording
 * time and fields, each length-prefixed ({@code 5:event}, {@code -1:} for null), so that no two
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

    byte[] hash(byte[] previous, String table, long seq, long recorded, Object... fields) {
        length = 0;
        put(table);
        put(Long.toString(seq));
        put(Long.toString(recorded));
        for (Object field : fields) {
            if (field == null) {
                append("-1:".getBytes(StandardCharsets.US_ASCII));
            } else {
                put(field.toString());
            }
        }
        digest.update(previous);
        digest.update(buffer, 0, length);
        return digest.digest();
    }

    private void put(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        append((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        append(bytes);
    }

    private void append(byte[] bytes) {
        if (length + bytes.length > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, length + bytes.length)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
