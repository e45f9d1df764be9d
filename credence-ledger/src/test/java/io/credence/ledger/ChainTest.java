package io.credence.ledger;

import static io.credence.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.testing.Fixtures;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's shortcuts give what the general forms give. Seeded; the seed is printed. */
class ChainTest {
    private static final long SEED = Fixtures.seed("ChainTest");

    @Test
    void anEventHashesAlikeEitherWay() {
        Random random = new Random(SEED);
        Chain fast = new Chain();
        Chain general = new Chain();
        byte[] previous = Chain.GENESIS;
        for (int i = 0; i < 2_000; i++) {
            long seq = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(10);
                case 1 -> Long.MAX_VALUE - random.nextInt(10);
                default -> random.nextLong() >>> random.nextInt(64);
            };
            String subject = text(random, random.nextInt(10) == 0);
            String key = text(random, false) + "/" + text(random, random.nextInt(10) == 0);
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            byte[] expected = general.hash(previous, "events", seq, subject, key, body);
            assertThat(fast.hashEvent(previous, seq, subject, key, body)).as("seed %d, entry %d", SEED, i)
                    .isEqualTo(expected);
            previous = expected;
        }
    }
}
