package io.credence.benchmarks;

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
                    EventLine e = EventLine.parse(line);
                    insert.setString(1, e.source());
                    insert.setString(2, e.id());
                    insert.setString(3, e.subject());
                    insert.setString(4, e.type());
                    insert.setString(5, e.at());
                    insert.setString(6, e.data());
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
