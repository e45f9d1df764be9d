package io.credence.ledger;

import java.nio.file.Path;
import java.time.Clock;

/** Opens ledgers. The SQLite implementation is the embedded default. */
public final class Ledgers {
    private Ledgers() {}

    /**
     * Opens the embedded store in {@code directory}.
     *
     * @param create whether to create the store when it does not exist yet
     * @throws StoreUnavailableException when it is missing (and not to be created), foreign, corrupted or
     *     written by a newer version
     */
    public static Ledger sqlite(Path directory, boolean create, Clock clock) {
        return SqliteLedger.open(directory, create, clock);
    }
}
