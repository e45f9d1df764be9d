package io.credence.server;

import io.credence.engine.Engine;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A server in its own JVM, for tests that kill it: {@code ServerProcessMain DIR RULEBOOK}. Writes
 * {@code keys} (source and operator keys, first run only) and {@code port} into DIR once listening.
 */
public final class ServerProcessMain {
    private ServerProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Engine engine = Engine.open(dir, true, Clock.systemUTC());
        if (engine.rulebook().isEmpty()) {
            engine.publish(Files.readString(Path.of(args[1])), "test");
            KeyStore keys = new KeyStore(engine.ledger());
            Files.writeString(dir.resolve("keys"), keys.create(Role.parse("source:court"), "court", "test") + "\n"
                    + keys.create(Role.parse("operator"), "op", "test") + "\n");
        }
        CredenceServer server = new CredenceServer(engine, new CredenceServer.Options("127.0.0.1", 0, 1e6, 1e6))
                .start();
        Files.writeString(dir.resolve("port.tmp"), Integer.toString(server.port()));
        Files.move(dir.resolve("port.tmp"), dir.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Thread.currentThread().join();
    }
}
