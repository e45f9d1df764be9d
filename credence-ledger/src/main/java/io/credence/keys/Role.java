package io.credence.keys;

import io.credence.BadInputException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a key speaks for: {@code operator}, {@code reviewer}, {@code source:NAME},
 * {@code provider:NAME:DOMAIN[,DOMAIN...]} or {@code subject:ID}. Immutable.
 */
public sealed interface Role {
    Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    Pattern DOMAIN = Pattern.compile("[a-z0-9_-]{1,64}");

    /** The role as written on the command line. */
    String text();

    /** The kind alone (operator, reviewer, source, provider, subject), for route tables. */
    String kind();

    record Operator() implements Role {
        public String text() {
            return "operator";
        }

        public String kind() {
            return "operator";
        }
    }

    record Reviewer() implements Role {
        public String text() {
            return "reviewer";
        }

        public String kind() {
            return "reviewer";
        }
    }

    record Source(String name) implements Role {
        public String text() {
            return "source:" + name;
        }

        public String kind() {
            return "source";
        }
    }

    record Provider(String name, List<String> domains) implements Role {
        public Provider {
            domains = List.copyOf(domains);
        }

        public String text() {
            return "provider:" + name + ":" + String.join(",", domains);
        }

        public String kind() {
            return "provider";
        }
    }

    record Subject(String id) implements Role {
        public String text() {
            return "subject:" + id;
        }

        public String kind() {
            return "subject";
        }
    }

    /**
     * Parses a role.
     *
     * @throws BadInputException naming the rule when the text is not a role
     */
    static Role parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        String usage = "must be operator, reviewer, source:NAME, provider:NAME:DOMAIN[,DOMAIN...] or subject:ID; got "
                + (text == null ? "nothing" : "\"" + text + "\"");
        if (parts.length == 1 && parts[0].equals("operator")) {
            return new Operator();
        }
        if (parts.length == 1 && parts[0].equals("reviewer")) {
            return new Reviewer();
        }
        if (parts.length == 2 && parts[0].equals("source") && NAME.matcher(parts[1]).matches()) {
            return new Source(parts[1]);
        }
        if (parts.length >= 2 && parts[0].equals("subject")) {
            String id = text.substring("subject:".length());
            if (SUBJECT.matcher(id).matches()) {
                return new Subject(id);
            }
        }
        if (parts.length == 3 && parts[0].equals("provider") && NAME.matcher(parts[1]).matches()) {
            List<String> domains = List.of(parts[2].split(","));
            if (!domains.isEmpty() && domains.stream().allMatch(d -> DOMAIN.matcher(d).matches())) {
                return new Provider(parts[1], domains);
            }
        }
        throw new BadInputException("role", usage);
    }
}
