package io.credence.cli;

import io.credence.engine.Engine;
import io.credence.server.CredenceServer;
import io.credence.server.Demo;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credence serve [--port P] [--demo]}: the HTTP service, until stopped. */
@Command(name = "serve", description = "Run the HTTP service (JSON API under /v1).")
final class ServeCommand extends BaseCommand {
    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "Port (default 8080; 0 picks one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "H", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--demo", description = "Publish the example rulebook, ingest a demo population, create keys.")
    boolean demo;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "N", description = "Requests per second per key (default 2000).")
    double rate;

    @Override
    public Integer call() throws InterruptedException {
        Engine engine = open(demo);
        Map<String, String> keys = demo ? Demo.prepare(engine, root().dataDirectory(), out()) : Map.of();
        CredenceServer server = new CredenceServer(engine, new CredenceServer.Options(host, port, rate, rate * 2))
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            stopped.countDown();
        }, "credence-shutdown"));
        if (demo) {
            Demo.printWelcome(out(), server.port(), keys);
        } else {
            out().println("Credence listening on http://" + host + ":" + server.port());
            out().flush();
        }
        stopped.await();
        return Main.OK;
    }
}
