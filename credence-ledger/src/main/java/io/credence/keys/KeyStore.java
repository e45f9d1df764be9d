package io.credence.keys;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.codec.Json;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys, kept in the ledger like everything else: a key record (ref = SHA-256 of the key, body =
 * label and role) and, to revoke, a revocation record with the same ref. The key itself is printed
 * once at creation and never stored. Lookups go by the SHA-256 of the presented key, so nothing is
 * compared byte by byte against a secret. Keys that authenticated are kept in memory (by hash, at
 * most {@value #KEPT} of them), so a request does not read the ledger twice before its real work: a
 * revocation through this store drops its key at once, and one made by another process is seen
 * within the ledger's poll ({@link Ledger#onExternalChange}, a quarter of a second). Thread-safe.
 */
public final class KeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String KEY = "key";
    static final String REVOCATION = "key-revocation";

    private static final int KEPT = 100_000;

    /**
     * Per open ledger, shared by every KeyStore over it, so a revocation through one is seen by all.
     * Weak keys: a closed and forgotten ledger takes its keys with it.
     */
    private static final Map<Ledger, Kept> KEPT_BY_LEDGER =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final Ledger ledger;
    private final Kept kept;

    /** Keys that authenticated, and a generation that moves on every revocation or outside change. */
    private static final class Kept {
        final java.util.concurrent.ConcurrentHashMap<String, ApiKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

        void forget(String hash) {
            generation.incrementAndGet();
            if (hash == null) {
                keys.clear();
            } else {
                keys.remove(hash);
            }
        }
    }

    public KeyStore(Ledger ledger) {
        this.ledger = ledger;
        this.kept = KEPT_BY_LEDGER.computeIfAbsent(ledger, l -> {
            Kept k = new Kept();
            l.onExternalChange(change -> k.forget(null));
            return k;
        });
    }

    /** A new key, returned once. */
    public String create(Role role, String label, String actor) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new BadInputException("label", "must be 1-64 characters of A-Z a-z 0-9 . _ -; got "
                    + (label == null ? "nothing" : "\"" + label + "\""));
        }
        if (list().stream().anyMatch(k -> k.label().equals(label))) {
            throw new InvalidStateException("a key labelled \"" + label + "\" exists already");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "cr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", label);
        body.put("role", role.text());
        ledger.appendRecord(KEY, hash(key), null, Json.write(body), actor);
        return key;
    }

    /** The key's holder, or empty when the key is unknown or revoked. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        // The presented key is never compared with anything: its SHA-256 is looked up, so no timing
        // depends on how much of a secret an attacker has guessed.
        String hash = hash(presented);
        ApiKey known = kept.keys.get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        long started = kept.generation.get();
        Optional<StoredRecord> record = ledger.record(KEY, hash);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        if (ledger.record(REVOCATION, hash).isPresent()) {
            return Optional.empty();
        }
        ApiKey key = toKey(record.get(), false);
        if (kept.keys.size() < KEPT) {
            kept.keys.put(hash, key);
            if (kept.generation.get() != started) {
                kept.keys.remove(hash); // revoked (or changed outside) while it was being read
            }
        }
        return Optional.of(key);
    }

    public List<ApiKey> list() {
        List<ApiKey> keys = new ArrayList<>();
        for (StoredRecord record : ledger.records(KEY, null)) {
            keys.add(toKey(record, ledger.record(REVOCATION, record.ref()).isPresent()));
        }
        return keys;
    }

    public void revoke(String label, String actor) {
        for (StoredRecord record : ledger.records(KEY, null)) {
            if (label.equals(Json.object(record.body()).get("label"))) {
                if (ledger.record(REVOCATION, record.ref()).isPresent()) {
                    throw new InvalidStateException("the key \"" + label + "\" is already revoked");
                }
                ledger.appendRecord(REVOCATION, record.ref(), null, Json.write(Map.of("label", label)), actor);
                kept.forget(record.ref());
                return;
            }
        }
        throw new NotFoundException("no key labelled \"" + label + "\"");
    }

    private static ApiKey toKey(StoredRecord record, boolean revoked) {
        Map<String, Object> body = Json.object(record.body());
        return new ApiKey((String) body.get("label"), Role.parse((String) body.get("role")), record.recorded(), revoked);
    }

    /** One digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static String hash(String key) {
        return HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
