package io.credence.standing;

import io.credence.rulebook.RulebookRef;
import java.time.Instant;
import java.util.List;

/**
 * A subject's score, tier and lists at one instant, under one rulebook (spec section 3).
 * {@code lists} is sorted; {@code contributions} holds the counted, non-zero ones, largest magnitude
 * first, then by event key. {@code effectiveLists} are the lists that decisions may use: those whose
 * notice period has passed (spec section 5); without a notice period they equal {@code lists}.
 * Immutable.
 */
public record Standing(String subject, Instant at, long score, String tier, RulebookRef rulebook, List<String> lists,
        List<String> effectiveLists, List<Contribution> contributions) {
    public Standing {
        lists = List.copyOf(lists);
        effectiveLists = List.copyOf(effectiveLists);
        contributions = List.copyOf(contributions);
    }
}
