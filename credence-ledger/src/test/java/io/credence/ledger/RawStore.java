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

    private static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
    }
}
