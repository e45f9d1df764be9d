package io.credence.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.testing.Fixtures;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch's subjects come out in {@link String#compareTo} order, sorted or not. Seeded; the seed is printed. */
class StringSortTest {
    private static final long SEED = Fixtures.seed("StringSortTest");

    @Test
    void subjectsAreSortedAsStringsCompare() {
        Random random = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            String[] subjects = new String[random.nextInt(400)];
            for (int i = 0; i < subjects.length; i++) {
                subjects[i] = switch (random.nextInt(16)) {
                    case 0 -> "";
                    case 1, 2 -> Fixtures.text(random, random.nextInt(4) == 0);
                    default -> "P-" + random.nextInt(60) + (random.nextBoolean() ? "-" + random.nextInt(12) : "");
                };
            }
            if (round % 3 == 0) {
                Arrays.sort(subjects, 0, subjects.length / 2); // partly sorted input
            } else if (round % 3 == 1 && round % 2 == 0) {
                Arrays.sort(subjects); // sorted already: found so, and left as it is
            }
            String[] expected = subjects.clone();
            Arrays.sort(expected);
            StringSort.sort(subjects);
            assertThat(subjects).as("seed %d, round %d", SEED, round).containsExactly(expected);
        }
    }
}
