package io.credence.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/** Progress on a terminal, silence elsewhere (and always in --json mode). */
final class Output {
    private Output() {}

    /** Whether standard streams are an interactive terminal. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from Java 22; on 21 a non-null console means a terminal.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A one-line progress display on stderr; does nothing when not interactive. */
    static final class Progress implements AutoCloseable {
        private final PrintWriter err;
        private final String label;
        private final long total;
        private final boolean enabled;
        private final long started = System.nanoTime();
        private long lastDraw;

        Progress(PrintWriter err, String label, long total, boolean quiet) {
            this.err = err;
            this.label = label;
            this.total = total;
            this.enabled = !quiet && interactive();
        }

        void update(long done) {
            if (!enabled) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            long rate = (long) (done / seconds);
            if (total > 0) {
                int width = 30;
                int filled = (int) Math.min(width, width * done / total);
                err.printf("\r%s [%s%s] %,d/%,d (%,d/s)", label, "#".repeat(filled), " ".repeat(width - filled), done,
                        total, rate);
            } else {
                err.printf("\r%s %,d (%,d/s)", label, done, rate);
            }
            err.flush();
        }

        @Override
        public void close() {
            if (enabled) {
                err.println();
                err.flush();
            }
        }
    }
}
