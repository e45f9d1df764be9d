package io.credence.rulebook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed set of conduct categories an event type may score. What is missing is deliberate:
 * political opinion, religion, ethnicity, health, sexual orientation, trade-union membership, speech
 * and biometric data are never scoring categories, and a rulebook that names one is refused with a
 * message saying so ({@link #refusalFor}).
 */
public enum Category {
    JUDICIAL, FINANCIAL, TAX, TRAFFIC, SAFETY, ENVIRONMENT, CIVIC, COMMERCE, PEER, ADMINISTRATIVE;

    private static final Map<String, String> NEVER = Map.ofEntries(
            Map.entry("political", "political opinion"),
            Map.entry("politics", "political opinion"),
            Map.entry("political-opinion", "political opinion"),
            Map.entry("opinion", "political opinion"),
            Map.entry("religion", "religion"),
            Map.entry("religious", "religion"),
            Map.entry("belief", "religion"),
            Map.entry("ethnicity", "ethnicity"),
            Map.entry("ethnic", "ethnicity"),
            Map.entry("race", "ethnicity"),
            Map.entry("nationality", "ethnicity"),
            Map.entry("health", "health"),
            Map.entry("medical", "health"),
            Map.entry("disability", "health"),
            Map.entry("sexual-orientation", "sexual orientation"),
            Map.entry("sexuality", "sexual orientation"),
            Map.entry("orientation", "sexual orientation"),
            Map.entry("union", "trade-union membership"),
            Map.entry("trade-union", "trade-union membership"),
            Map.entry("union-membership", "trade-union membership"),
            Map.entry("speech", "speech"),
            Map.entry("social-media", "speech"),
            Map.entry("expression", "speech"),
            Map.entry("biometric", "biometric data"),
            Map.entry("biometrics", "biometric data"),
            Map.entry("face", "biometric data"),
            Map.entry("facial-recognition", "biometric data"));

    /** The name as written in a rulebook: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Category> of(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }

    /** Why a category name is refused, or empty if it is simply unknown. */
    static Optional<String> refusalFor(String name) {
        String normal = name.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Optional.ofNullable(NEVER.get(normal))
                .map(what -> "\"" + name + "\" is refused: " + what + " is never a scoring category in Credence");
    }

    static String allowedList() {
        return Arrays.stream(values()).map(Category::wireName).collect(Collectors.joining(", "));
    }
}
