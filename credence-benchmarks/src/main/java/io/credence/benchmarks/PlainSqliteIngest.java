package io.credence.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The baseline for {@code ingest}: what a team would write instead, a plain JDBC batched insert of
 * the same events into a fresh SQLite file. Same journal (WAL), same durability
 * ({@code synchronous=FULL}), same batch size (one transaction per 50,000 events), the same
 * uniqueness of (source, id) and an index by subject, so a subject's events can be read alone.
 * No validation, no canonical form, no hash chain: that is the point of the comparison.
 *
 * <p>Usage: {@code PlainSqliteIngest EVENTS.jsonl DB_FILE}; prints {@code events seconds}.
 */
public final class PlainSqliteIngest {
    private static final int BATCH = 50_000;

    private PlainSqliteIngest() {}

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        String url = "jdbc:sqlite:" + Path.of(args[1]).toAbsolutePath();
        ObjectMapper mapper = new ObjectMapper();
        JsonFactory factory = mapper.getFactory();
        long start = System.nanoTime();
        long events = 0;
        try (Connection c = DriverManager.getConnection(url); BufferedReader in = Files.newBufferedReader(input,
                StandardCharsets.UTF_8)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE events (source TEXT NOT NULL, id TEXT NOT NULL, subject TEXT NOT NULL, "
                        + "type TEXT NOT NULL, at TEXT NOT NULL, data TEXT, PRIMARY KEY (source, id))");
                s.execute("CREATE INDEX events_by_subject ON events (subject)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO events (source, id, subject, type, at, data) VALUES (?, ?, ?, ?, ?, ?)")) {
                String line;
                int inBatch = 0;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String source = null;
                    String id = null;
                    String subject = null;
                    String type = null;
                    String at = null;
                    String data = null;
                    try (JsonParser p = factory.createParser(line)) {
                        p.nextToken();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken value = p.nextToken();
                            switch (field) {
                                case "source" -> source = p.getText();
                                case "id" -> id = p.getText();
                                case "subject" -> subject = p.getText();
                                case "type" -> type = p.getText();
                                case "at" -> at = p.getText();
                                case "data" -> data = value == JsonToken.START_OBJECT
                                        ? mapper.writeValueAsString(mapper.readTree(p)) : null;
                                default -> p.skipChildren();
                            }
                        }
                    }
                    insert.setString(1, source);
                    insert.setString(2, id);
                    insert.setString(3, subject);
                    insert.setString(4, type);
                    insert.setString(5, at);
                    insert.setString(6, data);
                    insert.addBatch();
                    events++;
                    if (++inBatch == BATCH) {
                        insert.executeBatch();
                        c.commit();
                        inBatch = 0;
                    }
                }
                insert.executeBatch();
                c.commit();
            }
        }
        System.out.println(events + " " + (System.nanoTime() - start) / 1e9);
    }
}
