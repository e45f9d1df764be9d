package io.credence.rulebook;

import java.util.List;

/** A service that asks for decisions ("booking a flight"): its deny and grant rules, in order. Immutable. */
public record Domain(String name, String description, List<DomainRule> deny, List<DomainRule> grant) {
    public Domain {
        deny = List.copyOf(deny);
        grant = List.copyOf(grant);
    }
}
