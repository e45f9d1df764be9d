package io.credence.server;

import io.credence.codec.Json;
import io.credence.engine.Engine;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import io.credence.population.PopulationGenerator;
import io.credence.standing.Standing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo mode: on an empty store, publishes the bundled {@code civic-points.yaml}, ingests a
 * generated population of 10,000 subjects and creates one key per role; run again, it reuses what
 * is there. Keys are stored hashed like any other; for the demo only, their text is also kept in
 * {@code demo-keys.json} in the data directory (readable by its owner only) so that they can be
 * printed again.
 */
public final class Demo {
    public static final int SUBJECTS = 10_000;

    private Demo() {}

    /** Prepares the store and returns the demo keys, role label to key. */
    public static Map<String, String> prepare(Engine engine, Path dataDirectory, PrintWriter out) {
        if (engine.rulebook().isEmpty()) {
            engine.publish(resource("examples/civic-points.yaml"), "demo");
            out.println("demo: published examples/civic-points.yaml");
        }
        if (engine.ledger().eventCount() == 0) {
            List<String> lines = new ArrayList<>();
            new PopulationGenerator(1).generate(SUBJECTS, line -> lines.add(line.toString()), n -> { });
            var report = engine.ingest(lines.iterator(), n -> { });
            out.println("demo: ingested " + report.accepted() + " events about " + SUBJECTS + " generated subjects");
        }
        Path file = dataDirectory.resolve("demo-keys.json");
        try {
            if (Files.exists(file)) {
                Map<String, Object> stored = Json.object(Files.readString(file));
                Map<String, String> keys = new LinkedHashMap<>();
                stored.forEach((k, v) -> keys.put(k, (String) v));
                return keys;
            }
            KeyStore store = new KeyStore(engine.ledger());
            String listed = findListedSubject(engine);
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("operator", store.create(Role.parse("operator"), "demo-operator", "demo"));
            keys.put("reviewer", store.create(Role.parse("reviewer"), "demo-reviewer", "demo"));
            keys.put("source:court", store.create(Role.parse("source:court"), "demo-court", "demo"));
            keys.put("provider:airline:air-travel,high-speed-rail", store.create(
                    Role.parse("provider:airline:air-travel,high-speed-rail"), "demo-airline", "demo"));
            keys.put("subject:" + listed, store.create(Role.parse("subject:" + listed), "demo-subject", "demo"));
            Files.writeString(file, Json.writePretty(keys));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the directory's permissions.
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A subject on the judgment-defaulters list now, so the demo has a denial to explain. */
    private static String findListedSubject(Engine engine) {
        Instant now = engine.clock().instant();
        String[] found = {PopulationGenerator.subjectId(41)};
        boolean[] done = {false};
        engine.ledger().forEachHistory(false, history -> {
            if (!done[0]) {
                Standing s = io.credence.standing.StandingEvaluator.standing(engine.requireRulebook(), history, now);
                if (s.lists().contains("judgment-defaulters")) {
                    found[0] = history.subject();
                    done[0] = true;
                }
            }
        });
        return found[0];
    }

    /** Prints the keys with curl commands to try. */
    public static void printWelcome(PrintWriter out, int port, Map<String, String> keys) {
        String base = "http://127.0.0.1:" + port;
        String subjectRole = keys.keySet().stream().filter(k -> k.startsWith("subject:")).findFirst().orElse("");
        String subject = subjectRole.substring("subject:".length());
        out.println();
        out.println("Credence demo is running at " + base + " (Ctrl-C to stop)");
        out.println();
        out.println("Keys (demo only; also in demo-keys.json in the data directory):");
        keys.forEach((role, key) -> out.printf("  %-46s %s%n", role, key));
        out.println();
        out.println("Open " + base + "/ in a browser and sign in with one of these keys: the subject's key shows");
        out.println("their standing (/me), the reviewer's the queue (/review), the operator's the console (/console).");
        out.println();
        out.println("Or try:");
        out.println("  curl -s " + base + "/v1/rulebook");
        out.println("  curl -s -H 'Authorization: Bearer " + keys.get("subject:" + subject) + "' " + base
                + "/v1/subjects/" + subject + "/explanation");
        out.println("  curl -s -H 'Authorization: Bearer " + keys.get("provider:airline:air-travel,high-speed-rail")
                + "' -H 'Content-Type: application/json' -d '{\"subject\":\"" + subject
                + "\",\"domain\":\"air-travel\"}' " + base + "/v1/decisions");
        out.println("  curl -s -H 'Authorization: Bearer " + keys.get("subject:" + subject) + "' " + base
                + "/v1/subjects/" + subject + "/inquiries");
        out.println("  curl -s -H 'Authorization: Bearer " + keys.get("operator") + "' " + base + "/v1/ledger/verify");
        out.flush();
    }

    private static String resource(String name) {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
