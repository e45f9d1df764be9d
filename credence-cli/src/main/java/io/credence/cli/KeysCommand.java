package io.credence.cli;

import io.credence.engine.Engine;
import io.credence.keys.ApiKey;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence keys create|list|revoke}: API keys, stored only as hashes. */
@Command(name = "keys", description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class})
final class KeysCommand {

    @Command(name = "create", description = "Create a key; it is printed once and stored only as a hash.")
    static final class Create extends BaseCommand {
        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "operator, reviewer, source:NAME, provider:NAME:DOMAIN[,DOMAIN...] or subject:ID")
        String role;

        @Option(names = "--name", required = true, paramLabel = "LABEL", description = "A label to list and revoke it by.")
        String name;

        @Override
        public Integer call() {
            Role parsed = Role.parse(role);
            try (Engine engine = open(true)) {
                String key = new KeyStore(engine.ledger()).create(parsed, name, "operator:cli");
                out().println(key);
                err().println("Key \"" + name + "\" for " + parsed.text() + " created. It is shown only now.");
                return Main.OK;
            }
        }
    }

    @Command(name = "list", description = "List keys (labels and roles, never the keys).")
    static final class List extends BaseCommand {
        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                for (ApiKey key : new KeyStore(engine.ledger()).list()) {
                    out().printf("%-24s %-48s created %s%s%n", key.label(), key.role().text(), key.created(),
                            key.revoked() ? "  REVOKED" : "");
                }
                return Main.OK;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a key; it stops working at once.")
    static final class Revoke extends BaseCommand {
        @Parameters(paramLabel = "LABEL")
        String label;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                new KeyStore(engine.ledger()).revoke(label, "operator:cli");
                out().println("revoked " + label);
                return Main.OK;
            }
        }
    }
}
