package io.credence.rulebook;

/** Which rulebook a result was derived from. Immutable. */
public record RulebookRef(String name, long version) {
    public static RulebookRef of(Rulebook rulebook) {
        return rulebook.ref();
    }
}
