package io.credence.engine;

import java.util.concurrent.ThreadFactory;

/** Credence's background threads: named, so a thread dump says what each is for, and daemons. */
public final class Threads {
    private Threads() {}

    /** Daemon threads named {@code name}. */
    public static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
