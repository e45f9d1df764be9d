package io.credence.ledger;

import io.credence.codec.Json;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An event's data as stored (canonical JSON text), parsed on first use. Most event types have
 * constant points and no list match, so most data is never parsed when a population is scored.
 * Immutable; safe to share once built (parsing is idempotent).
 */
final class LazyJsonMap extends AbstractMap<String, Object> {
    private final String json;
    private volatile Map<String, Object> parsed;

    LazyJsonMap(String json) {
        this.json = json;
    }

    private Map<String, Object> parsed() {
        Map<String, Object> map = parsed;
        if (map == null) {
            map = Collections.unmodifiableMap(Json.fastObject(json));
            parsed = map;
        }
        return map;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public Object get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }
}
