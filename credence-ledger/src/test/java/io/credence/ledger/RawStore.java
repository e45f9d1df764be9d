package io.credence.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The store's SQLite file opened behind the ledger's back: to damage it, or to look at its tables. */
final class RawStore {
    private RawStore() {}

    static void execute(Path dir, String... statements) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Records after the last run of the subject index: the head's seq less the indexed one (0 if unset). */
    static long unindexed(Path dir) throws SQLException {
        return numbers(dir, "SELECT (SELECT value FROM meta WHERE key = 'head_seq')"
                + " - (SELECT coalesce((SELECT value FROM meta WHERE key = 'subjects_indexed'), 0))")[0];
    }

    /** The first row of {@code query}, its columns as numbers. */
    static long[] numbers(Path dir, String query) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + query);
            }
            long[] row = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getLong(i + 1);
            }
            return row;
        }
    }

    /** SQLite's plan for {@code query}, its parameters bound to {@code parameters}: one line per step. */
    static String plan(Path dir, String query, Object... parameters) throws SQLException {
        try (Connection c = connect(dir);
                java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + query)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(4)).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
    }
}
