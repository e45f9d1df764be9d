package io.credence.server;

import io.credence.codec.Json;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers notices to the webhook URL a subject registered ({@code webhook} records; the newest
 * wins, an empty URL removes it). A poller reads notices appended since it last looked, so delivery
 * never touches the ingest or request path; each delivery is retried with exponential backoff
 * (1, 2, 4, 8 s) until the receiver answers 2xx or five attempts have failed. Deliveries are at
 * least once: a receiver may see a notice twice and should use its {@code id}.
 */
final class Webhooks implements AutoCloseable {
    static final String KIND = "webhook";
    private static final int ATTEMPTS = 5;

    private final Ledger ledger;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "credence-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private long cursor;

    Webhooks(Ledger ledger, long pollMillis) {
        this.ledger = ledger;
        this.cursor = ledger.headSeq();
        executor.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** The subject's current webhook URL, or null. */
    String urlOf(String subject) {
        List<StoredRecord> records = ledger.records(KIND, subject);
        if (records.isEmpty()) {
            return null;
        }
        Object url = Json.object(records.get(records.size() - 1).body()).get("url");
        return url instanceof String s && !s.isEmpty() ? s : null;
    }

    private void poll() {
        try {
            long head = ledger.headSeq();
            if (ledger.recordsAfter(KIND, 0, 1).isEmpty()) {
                cursor = head; // nobody had a webhook: no notice up to here needs reading
                return;
            }
            for (StoredRecord notice : ledger.recordsAfter("notice", cursor, 1_000)) {
                cursor = notice.seq();
                String url = urlOf(notice.subject());
                if (url != null) {
                    deliver(url, notice.body(), 1);
                }
            }
        } catch (RuntimeException e) {
            // The store is closing or busy; the next poll resumes from the cursor.
        }
    }

    private void deliver(String url, String body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "credence-webhooks")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean delivered = failure == null && response.statusCode() / 100 == 2;
            if (!delivered && attempt < ATTEMPTS && !executor.isShutdown()) {
                executor.schedule(() -> deliver(url, body, attempt + 1), 1L << (attempt - 1), TimeUnit.SECONDS);
            }
        });
    }

    /** Validates and stores a subject's URL (null or empty removes it). */
    void register(String subject, String url, String actor) {
        if (url != null && !url.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("url", "is not a URL: " + e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw ApiProblem.badRequest("url", "must be an http or https URL; got " + url);
            }
        }
        ledger.appendRecord(KIND, subject + ":" + java.util.UUID.randomUUID(), subject,
                Json.write(Map.of("url", url == null ? "" : url)), actor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
