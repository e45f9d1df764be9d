package io.credence.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.engine.Engine;
import io.credence.event.EventKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is ever lost: a server in its own JVM takes concurrent JSON Lines ingests and
 * is killed with SIGKILL mid-stream. After a restart every acknowledged event is there, no request
 * is there in part, and the hash chain verifies.
 */
class CrashTest {
    private static final int BATCH = 25;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private Process startServer() throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("port"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "--sun-misc-unsafe-memory-access=allow",
                "-XX:+IgnoreUnrecognizedVMOptions", "-cp", System.getProperty("java.class.path"),
                ServerProcessMain.class.getName(), dir.toString(),
                Path.of("..", "examples", "civic-points.yaml").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        for (int i = 0; i < 600 && !Files.exists(dir.resolve("port")); i++) {
            assertThat(process.isAlive()).as("server died: %s", Files.exists(dir.resolve("server.log"))
                    ? Files.readString(dir.resolve("server.log")) : "").isTrue();
            Thread.sleep(50);
        }
        assertThat(dir.resolve("port")).exists();
        return process;
    }

    @Test
    void acknowledgedEventsSurviveSigkillAndNoRequestIsStoredInPart() throws Exception {
        Process server = startServer();
        String base = "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
        String sourceKey = Files.readAllLines(dir.resolve("keys")).get(0);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    int batch = nextBatch.getAndIncrement();
                    StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < BATCH; i++) {
                        lines.append("{\"id\":\"b").append(batch).append("-").append(i)
                                .append("\",\"source\":\"court\",\"subject\":\"P-").append(batch % 50)
                                .append("\",\"type\":\"court_breach_finding\",\"at\":\"2025-01-01T00:00:00Z\"}\n");
                    }
                    try {
                        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                                .header("Authorization", "Bearer " + sourceKey)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().contains("\"accepted\":" + BATCH)) {
                            acknowledged.add(batch);
                        }
                    } catch (IOException | InterruptedException e) {
                        return null;
                    }
                }
                return null;
            });
        }
        while (acknowledged.size() < 40) {
            Thread.sleep(20);
        }
        server.destroyForcibly().waitFor();
        stop.set(true);
        clients.shutdown();
        clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        int attempted = nextBatch.get();

        Process restarted = startServer();
        String restartedBase = "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
        String operatorKey = Files.readAllLines(dir.resolve("keys")).get(1);
        HttpResponse<String> verify = CLIENT.send(HttpRequest.newBuilder(URI.create(restartedBase + "/v1/ledger/verify"))
                .header("Authorization", "Bearer " + operatorKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verify.body()).contains("\"intact\":true");
        restarted.destroy();
        restarted.waitFor();

        try (Engine engine = Engine.open(dir, false, Clock.systemUTC())) {
            assertThat(engine.verify().intact()).isTrue();
            List<Integer> partial = new ArrayList<>();
            for (int batch = 0; batch < attempted; batch++) {
                int present = 0;
                for (int i = 0; i < BATCH; i++) {
                    if (engine.ledger().event(new EventKey("court", "b" + batch + "-" + i)).isPresent()) {
                        present++;
                    }
                }
                if (acknowledged.contains(batch)) {
                    assertThat(present).as("acknowledged batch %d", batch).isEqualTo(BATCH);
                }
                if (present != 0 && present != BATCH) {
                    partial.add(batch);
                }
            }
            assertThat(partial).as("requests stored in part").isEmpty();
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(40);
        }
    }
}
