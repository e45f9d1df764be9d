package io.credence.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.event.EventKey;
import io.credence.keys.KeyStore;
import io.credence.keys.Role;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's chromium through Debian's chromedriver, against a real
 * server on a free port over a real SQLite ledger. Each page is signed in to, what it shows is
 * compared with the API's answer for the same key, and one real action is done through it. Every
 * test leaves a screenshot in {@code target/screenshots/}.
 */
class WebUiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;
    static Engine engine;
    static CredenceServer server;
    static String base;
    static String subjectKey;
    static String otherSubjectKey;
    static String reviewerKey;
    static String operatorKey;
    static ChromeDriver browser;
    static WebDriverWait wait;
    String test;

    /** Selenium warns when it ships no DevTools bindings for this chromium; these tests use none. */
    private static final java.util.logging.Logger CDP = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools.CdpVersionFinder");

    @BeforeAll
    static void start() throws IOException {
        CDP.setLevel(java.util.logging.Level.OFF);
        engine = Engine.open(dir, true, Clock.systemUTC());
        engine.publish(Files.readString(Path.of("..", "examples", "civic-points.yaml")), "test");
        engine.ingest(List.of(
                event("j1", "court", "P-1", "judgment_unfulfilled", "2025-06-01T00:00:00Z", "{\"case\":\"K1\"}"),
                event("t1", "traffic-police", "P-1", "traffic_ticket", "2026-07-01T00:00:00Z", "{}"),
                event("v1", "community-office", "P-1", "volunteer_service", "2026-03-01T00:00:00Z", "{\"hours\":4}"),
                event("t2", "traffic-police", "P-2", "traffic_ticket", "2026-08-01T00:00:00Z", "{}"),
                event("f2", "market-regulator", "P-2", "fraud_or_counterfeit", "2026-02-01T00:00:00Z", "{}"),
                event("t3", "traffic-police", "P-3", "traffic_ticket", "2026-05-01T00:00:00Z", "{}"))
                .iterator(), n -> { });
        KeyStore keys = new KeyStore(engine.ledger());
        subjectKey = keys.create(Role.parse("subject:P-1"), "p1", "test");
        otherSubjectKey = keys.create(Role.parse("subject:P-2"), "p2", "test");
        reviewerKey = keys.create(Role.parse("reviewer"), "rev", "test");
        operatorKey = keys.create(Role.parse("operator"), "op", "test");
        server = new CredenceServer(engine, CredenceServer.Options.defaults(0)).start();
        base = "http://127.0.0.1:" + server.port();

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + dir.resolve("chromium-profile").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
        engine.close();
    }

    @BeforeEach
    void fresh(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(base + "/");
        browser.executeScript("sessionStorage.clear()");
    }

    @AfterEach
    void screenshot() throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(test + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String event(String id, String source, String subject, String type, String at, String data) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"subject\":\"" + subject + "\",\"type\":\""
                + type + "\",\"at\":\"" + at + "\",\"data\":" + data + "}";
    }

    private static JsonNode api(String method, String path, String key, String type, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + key);
        b = body == null ? b.GET() : b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers
                .ofString(body));
        HttpResponse<String> response = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return MAPPER.readTree(response.body());
    }

    private static JsonNode get(String path, String key) throws IOException, InterruptedException {
        return api("GET", path, key, null, null);
    }

    /** Signs in from the keyboard alone: type the key, press Enter. */
    private void signIn(String key, String page) {
        browser.get(base + page);
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("key")));
        field.sendKeys(key, Keys.ENTER);
    }

    private String text(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }

    private String alert() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText();
    }

    // ---------------------------------------------------------------- the subject

    @Test
    void theSubjectSeesWhatTheApiSaysAndDisputesARecord() throws Exception {
        signIn(subjectKey, "/me");
        JsonNode explanation = get("/v1/subjects/P-1/explanation", subjectKey);
        assertThat(text("score")).isEqualTo(explanation.path("score").asText());
        assertThat(text("tier")).isEqualTo(explanation.path("tier").asText());
        JsonNode progress = explanation.path("progress");
        assertThat(text("next")).isEqualTo(progress.path("points_to_next_tier").asText() + " points to tier "
                + progress.path("next_tier").asText());
        assertThat(text("lists")).isEqualTo("judgment-defaulters");
        assertThat(browser.findElements(By.cssSelector("#events .item"))).hasSize(explanation.path("events").size());
        assertThat(browser.findElements(By.cssSelector("#expiries li")))
                .hasSize(progress.path("expiries").size());
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("an event of type judgment_fulfilled with the same case"); // what lifts the listing
        assertThat(browser.findElement(By.cssSelector("svg.chart")).getAttribute("aria-label"))
                .startsWith("Score from");

        WebElement ticket = browser.findElement(By.cssSelector("[data-event='traffic-police/t1']"));
        ticket.findElement(By.xpath(".//button[text()='Dispute traffic_ticket']")).click();
        WebElement statement = wait.until(ExpectedConditions.elementToBeClickable(
                By.id("statement-traffic-police-t1")));
        assertThat(ticket.findElement(By.cssSelector("button[type=submit]")).isEnabled()).isFalse();
        statement.sendKeys("I sold that car in May; the plate was not mine on 1 July.");
        ticket.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement disputed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-event='traffic-police/t1'] .disputed")));
        assertThat(disputed.getText()).contains("I sold that car in May");
        // The page re-rendered after the dispute: the reads of the first rendering are in the log.
        assertThat(browser.findElement(By.id("sec-who-looked-at-your-file")).getText())
                .contains("p1 subject:P-1 explanation").contains("p1 subject:P-1 score history");
        JsonNode open = get("/v1/disputes?status=open", reviewerKey).path("disputes");
        assertThat(open.findValuesAsText("statement")).contains(
                "I sold that car in May; the plate was not mine on 1 July.");
        // The dispute button is gone: the API would refuse a second open dispute of the same record.
        assertThat(browser.findElements(By.xpath(
                "//*[@data-event='traffic-police/t1']//button[text()='Dispute traffic_ticket']"))).isEmpty();
    }

    @Test
    void theSubjectRatesTheOtherPartyOfAnInteraction() throws Exception {
        new io.credence.rating.RatingService(engine).interaction("court", "hearing-7", List.of("P-1", "P-3"),
                java.time.Instant.now().minus(Duration.ofDays(2)).toString(), "hearing");
        signIn(subjectKey, "/me");
        JsonNode toRate = get("/v1/subjects/P-1/interactions", subjectKey).path("interactions");
        WebElement ratings = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ratings")));
        assertThat(ratings.findElements(By.cssSelector("form.item"))).hasSize(toRate.size());
        WebElement form = ratings.findElement(By.xpath(".//form[.//button[text()='Rate P-3']]"));
        assertThat(form.getText()).contains("hearing with P-3");
        new org.openqa.selenium.support.ui.Select(form.findElement(By.tagName("select"))).selectByValue("2");
        form.findElement(By.tagName("input")).sendKeys("Late and rude.");
        form.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//button[text()='Rate P-3']")));
        // Sealed: P-3 cannot see it until they rate too or the window closes.
        JsonNode received = get("/v1/subjects/P-3/ratings", operatorKey);
        assertThat(received.path("sealed").asInt()).isEqualTo(1);
        assertThat(received.path("ratings")).isEmpty();
        assertThat(get("/v1/subjects/P-1/interactions", subjectKey).path("interactions")).isEmpty();
    }

    // ---------------------------------------------------------------- the reviewer

    @Test
    void aReviewerOverturnsADisputeAndTheSubjectsStandingChanges() throws Exception {
        String dispute = new DisputeService(engine).open("P-2", new EventKey("market-regulator", "f2"),
                "The shop was my brother's, not mine.").id();
        long before = get("/v1/subjects/P-2/standing", otherSubjectKey).path("score").asLong();

        signIn(reviewerKey, "/review");
        WebElement item = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article[aria-label='Dispute " + dispute + "']")));
        assertThat(item.getText()).contains("P-2 disputes market-regulator/f2")
                .contains("The shop was my brother's, not mine.");
        JsonNode queue = get("/v1/disputes?status=open", reviewerKey).path("disputes");
        assertThat(browser.findElements(By.cssSelector("article[aria-label^='Dispute ']"))).hasSize(queue.size());

        WebElement overturn = item.findElement(By.cssSelector("button[data-outcome='overturned']"));
        assertThat(overturn.isEnabled()).as("no decision without a reason").isFalse();
        item.findElement(By.xpath(".//button[text()='Show the record']")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(item, "fraud_or_counterfeit (market-regulator/f2)"));
        item.findElement(By.tagName("textarea")).sendKeys("The business licence names another person.");
        overturn.click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("article[aria-label='Dispute " + dispute + "']")));

        long after = get("/v1/subjects/P-2/standing", otherSubjectKey).path("score").asLong();
        assertThat(after).isEqualTo(before + 30); // the -30 fraud record no longer counts

        browser.executeScript("sessionStorage.clear()");
        signIn(otherSubjectKey, "/me");
        assertThat(text("score")).isEqualTo(String.valueOf(after));
        WebElement record = browser.findElement(By.cssSelector("[data-event='market-regulator/f2']"));
        assertThat(record.getText()).contains("retracted").contains("The business licence names another person.");
        assertThat(browser.findElement(By.id("notices")).getText()).contains("Your dispute of market-regulator/f2 "
                + "succeeded; the record was retracted");
    }

    // ---------------------------------------------------------------- the operator

    @Test
    void anOperatorSimulatesACandidateAndPublishesIt() throws Exception {
        signIn(operatorKey, "/console");
        JsonNode population = get("/v1/population", operatorKey);
        assertThat(text("subjects")).isEqualTo(population.path("subjects").asText());
        for (JsonNode tier : population.path("tiers")) {
            assertThat(browser.findElement(By.id("sec-the-population-by-tier")).getText())
                    .contains(tier.path("tier").asText() + " " + tier.path("subjects").asText());
        }
        assertThat(browser.findElement(By.id("versions")).getText()).contains("civic-points");

        WebElement candidate = browser.findElement(By.id("candidate"));
        String yaml = candidate.getAttribute("value");
        assertThat(yaml).contains("version: 2");
        String stricter = yaml.replaceFirst("(traffic_ticket:[\\s\\S]*?points: )-5", "$1-40");
        assertThat(stricter).isNotEqualTo(yaml);
        browser.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input'));", candidate, stricter);
        assertThat(browser.findElement(By.id("publish")).isEnabled()).as("publish only what was simulated")
                .isFalse();
        browser.findElement(By.xpath("//button[text()='Simulate']")).click();
        String summary = text("sim-summary");
        JsonNode report = api("POST", "/v1/rulebooks/simulate", operatorKey, "application/yaml", stricter);
        assertThat(summary).contains(report.path("subjects").asText() + " subjects, "
                + report.path("scores_changed").asText() + " of whose scores change");
        assertThat(report.path("scores_changed").asLong()).isEqualTo(3); // the three subjects with a ticket
        assertThat(browser.findElement(By.id("simulation")).getText()).contains("Largest score moves")
                .contains("Tier transitions");
        assertThat(browser.findElements(By.cssSelector("#simulation svg.chart rect"))).isNotEmpty();

        wait.until(ExpectedConditions.elementToBeClickable(By.id("publish"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("versions"), "version 2"));
        assertThat(get("/v1/rulebook", operatorKey).path("version").asLong()).isEqualTo(2);

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("diff-from"))).selectByValue("1");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("diff-to"))).selectByValue("2");
        browser.findElement(By.xpath("//button[text()='Compare']")).click();
        assertThat(text("diff")).contains("- version: 1").contains("+ version: 2").contains("+     points: -40");

        JsonNode months = get("/v1/transparency", operatorKey).path("months");
        String month = months.properties().stream().map(java.util.Map.Entry::getKey).max(String::compareTo)
                .orElseThrow();
        assertThat(browser.findElement(By.id("sec-transparency")).getText()).contains(month)
                .contains("events.traffic");

        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "intact"));
        assertThat(text("verify-result")).startsWith("The ledger is intact: "
                + get("/v1/ledger/verify", operatorKey).path("entries").asText() + " entries");
    }

    // ---------------------------------------------------------------- refusals and errors

    @Test
    void refusalsAreSentencesAndWhatARoleMayNotDoIsNotOffered() throws Exception {
        signIn("cr_not-a-real-key", "/");
        assertThat(alert()).isEqualTo("This key was not accepted: it is unknown or was revoked. Sign in with a "
                + "valid key.");
        assertThat(browser.executeScript("return sessionStorage.getItem('credence.key')")).isNull();

        signIn(subjectKey, "/console");
        wait.until(ExpectedConditions.urlToBe(base + "/me"));
        assertThat(browser.findElements(By.cssSelector("#nav a"))).extracting(WebElement::getText)
                .containsExactly("My standing");

        browser.executeScript("sessionStorage.clear()");
        signIn(operatorKey, "/console");
        WebElement candidate = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("candidate")));
        browser.executeScript("arguments[0].value = arguments[0].value.replace(/base: *\\d+/, 'base: many');"
                + "arguments[0].dispatchEvent(new Event('input'));", candidate);
        browser.findElement(By.xpath("//button[text()='Simulate']")).click();
        String error = alert();
        assertThat(error).contains("\"score.base\"").doesNotContain("{").doesNotContain("urn:");
        assertThat(browser.findElement(By.id("publish")).isEnabled()).isFalse();
    }

    @Test
    void everyControlIsLabelledAndThePageFits360PixelsWide() throws Exception {
        browser.manage().window().setSize(new Dimension(360, 800));
        signIn(subjectKey, "/me");
        text("score");
        JavascriptExecutor js = browser;
        assertThat((Long) js.executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(
                (Long) js.executeScript("return window.innerWidth"));
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) js.executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(el => !(el.id && document.querySelector('label[for="' + el.id + '"]'))
                             && !el.getAttribute('aria-label'))
                  .map(el => el.outerHTML);""");
        assertThat(unlabelled).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> unnamedButtons = (List<String>) js.executeScript(
                "return [...document.querySelectorAll('button')].filter(b => !b.textContent.trim())"
                        + ".map(b => b.outerHTML);");
        assertThat(unnamedButtons).isEmpty();
        assertThat(browser.findElements(By.cssSelector("svg.chart[role=img][aria-label]"))).isNotEmpty();
        // The skip link is the first stop for a keyboard user, and shows itself when focused.
        WebElement first = (WebElement) js.executeScript("return document.querySelector("
                + "'a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')");
        assertThat(first.getAttribute("textContent")).isEqualTo("Skip to content");
        js.executeScript("arguments[0].focus()", first);
        assertThat(first.getRect().getX()).isGreaterThanOrEqualTo(0);
        first.sendKeys(Keys.ENTER);
        assertThat(browser.getCurrentUrl()).endsWith("#main");
    }
}
