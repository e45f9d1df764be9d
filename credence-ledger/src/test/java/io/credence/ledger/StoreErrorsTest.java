package io.credence.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing, foreign, corrupted or newer store is a clear one-line error, never a stack trace. */
class StoreErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingStoreSaysHowToCreateOne() {
        assertThatThrownBy(() -> Ledgers.sqlite(dir.resolve("nothing"), false, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no Credence store at").hasMessageContaining("rulebook publish");
    }

    @Test
    void aForeignSqliteFileIsRefused() throws SQLException {
        RawStore.execute(dir, "CREATE TABLE recipes (name TEXT)");
        assertThatThrownBy(() -> Ledgers.sqlite(dir, false, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("is not a Credence store");
    }

    @Test
    void aCorruptedFileIsRefused() throws IOException {
        byte[] junk = new byte[8192];
        new Random(1).nextBytes(junk);
        Files.write(dir.resolve("ledger.db"), junk);
        assertThatThrownBy(() -> Ledgers.sqlite(dir, false, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("corrupted");
    }

    @Test
    void aStoreFromANewerVersionIsRefused() throws SQLException {
        storeOfFormat(99);
        assertThatThrownBy(() -> Ledgers.sqlite(dir, false, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("newer version of Credence")
                .hasMessageContaining("format 99");
    }

    @Test
    void aStoreFromAnEarlierFormatIsRefusedWithTheWayOut() throws SQLException {
        storeOfFormat(1);
        assertThatThrownBy(() -> Ledgers.sqlite(dir, false, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("earlier version of Credence")
                .hasMessageContaining("format 1").hasMessageContaining("ingest its events into a new store");
    }

    /** A new store whose file then claims another store format. */
    private void storeOfFormat(int format) throws SQLException {
        Ledgers.sqlite(dir, true, Clock.systemUTC()).close();
        RawStore.execute(dir, "PRAGMA user_version = " + format);
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> Ledgers.sqlite(file, true, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("not a directory");
    }
}
