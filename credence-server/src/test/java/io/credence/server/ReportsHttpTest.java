package io.credence.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.engine.Engine;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports over HTTP under the article's rulebook: the reviewer sees the reporter, the subject never does. */
class ReportsHttpTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(String base, String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReportBecomesAnEventOnlyWhenAcceptedAndTheReporterStaysHidden() throws Exception {
        try (Engine engine = Engine.open(dir, true, Clock.systemUTC())) {
            engine.publish(Files.readString(Path.of("..", "examples", "article.yaml")), "test");
            KeyStore keys = new KeyStore(engine.ledger());
            String reporter = keys.create(Role.parse("subject:R-1"), "r1", "test");
            String target = keys.create(Role.parse("subject:P-1"), "p1", "test");
            String reviewer = keys.create(Role.parse("reviewer"), "rev", "test");
            try (CredenceServer server = new CredenceServer(engine, CredenceServer.Options.defaults(0)).start()) {
                String base = "http://127.0.0.1:" + server.port();
                String body = "{\"subject\":\"P-1\",\"type\":\"tagged_untrustworthy\",\"at\":\"2026-01-01T00:00:00Z\","
                        + "\"description\":\"smoked on the platform\",\"evidence\":\"photo\"}";
                HttpResponse<String> filed = send(base, "POST", "/v1/reports", reporter, body);
                assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
                String id = MAPPER.readTree(filed.body()).path("id").asText();
                assertThat(send(base, "POST", "/v1/reports", reporter, body).statusCode()).isEqualTo(409);
                assertThat(send(base, "POST", "/v1/reports", target, body.replace("P-1", "P-1")).statusCode())
                        .as("about oneself").isEqualTo(400);
                assertThat(MAPPER.readTree(send(base, "GET", "/v1/subjects/P-1/standing", target, null).body())
                        .path("score").asInt()).isEqualTo(1000);
                JsonNode pending = MAPPER.readTree(send(base, "GET", "/v1/reports?status=pending", reviewer, null).body());
                assertThat(pending.path("reports").get(0).path("reporter").asText()).isEqualTo("R-1");
                HttpResponse<String> accepted = send(base, "POST", "/v1/reports/" + id + "/decision", reviewer,
                        "{\"outcome\":\"accepted\",\"reason\":\"station camera confirms\"}");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
                assertThat(MAPPER.readTree(send(base, "GET", "/v1/subjects/P-1/standing", target, null).body())
                        .path("score").asInt()).isEqualTo(980);
                String file = send(base, "GET", "/v1/subjects/P-1/file", target, null).body();
                assertThat(file).contains("smoked on the platform").doesNotContain("R-1").doesNotContain("r1");
                assertThat(send(base, "POST", "/v1/reports/" + id + "/decision", reviewer,
                        "{\"outcome\":\"rejected\",\"reason\":\"again\"}").statusCode()).isEqualTo(409);
                JsonNode inbox = MAPPER.readTree(send(base, "GET", "/v1/subjects/P-1/notices", target, null).body());
                assertThat(inbox.path("notices")).anySatisfy(n -> assertThat(n.path("kind").asText())
                        .isEqualTo("report-decided"));
                assertThat(inbox.toString()).doesNotContain("R-1");
                assertThat(send(base, "GET", "/v1/subjects/R-1/notices", target, null).statusCode()).isEqualTo(404);
            }
        }
    }
}
