package io.credence.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RecordIdsTest {
    @Test
    void idsAreUniqueAcrossThreadsAndSortByTheirTime() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50_000; i++) {
                    ids.add(RecordIds.timeOrdered("d-"));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ids).hasSize(200_000).allMatch(id -> id.matches("d-[0-9a-hjkmnp-tv-z]{21}"));
        String before = RecordIds.timeOrdered("ntc-");
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() < start + 2) {
            Thread.onSpinWait();
        }
        String after = RecordIds.timeOrdered("ntc-");
        assertThat(before.substring(0, 13)).isLessThan(after.substring(0, 13));
        // The random part: 60 bits, so the 12 characters after the time are spread over the alphabet.
        Set<Character> seen = new HashSet<>();
        ids.stream().limit(1_000).forEach(id -> id.substring(11).chars().forEach(c -> seen.add((char) c)));
        assertThat(seen).hasSize(32);
    }
}
