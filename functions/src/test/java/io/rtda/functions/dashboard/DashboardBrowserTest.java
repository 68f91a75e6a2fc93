package io.rtda.functions.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.functions.profiles.ConstrainedProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver) against the running
 * application with a fast simulator: the overview fills and updates, the stream chart gains points, an
 * injected spike appears as an anomaly marker (and, where the server has alerts, as an alert), and free-text
 * tags and rule labels shaped like HTML show as text; two readings of one millisecond stay two chart points.
 * Saves {@code target/dashboard.png} (live) and {@code target/dashboard-history.png} (a 15 min range from
 * history).
 *
 * <p>Without Chromium the test is skipped with the remedy, unless {@code RTDA_REQUIRE_BROWSER=1} (set by
 * {@code .ci/run}, which installs it), in which case it fails.
 */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String SPIKED = "sim.sensor-01";
    private static final String XSS_STREAM = "ui.xss";
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final String XSS_LABEL = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>";
    private static final double SPIKE = 10000;

    @TestHTTPResource("/")
    URL root;

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && !"1".equals(System.getenv("RTDA_REQUIRE_BROWSER"))) {
            Assumptions.abort("no Chromium: apt-get install -y chromium chromium-driver (or set "
                    + "RTDA_REQUIRE_BROWSER=1 to fail instead)");
        }
        assertTrue(present, "RTDA_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
                + " is missing: apt-get install -y chromium chromium-driver");
        profile = Files.createTempDirectory("rtda-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldShowLiveStreamsSpikesAndAlertsWithUserTextEscaped() throws IOException {
        postReading(XSS_STREAM, 1.0, "{\"note\": \"" + XSS + "\"}");

        driver.get(root.toString());
        // The page re-renders live: every read finds its element again, so a replaced node is retried.
        until(d -> Integer.parseInt(d.findElement(By.cssSelector("tr[data-stream='" + SPIKED + "'] svg.spark"))
                .getDomAttribute("data-points")) >= 3);

        // A tag shaped like HTML is shown as text, found by the tag filter, and runs nothing.
        String xssText = until(d -> d.findElement(By.cssSelector("tr[data-stream='" + XSS_STREAM + "']")).getText());
        assertTrue(xssText.contains("note=" + XSS), xssText);
        driver.findElement(By.id("filter")).sendKeys("note=<img");
        until(d -> d.findElements(By.cssSelector("#streams tbody tr")).size() == 1);
        assertEquals(XSS_STREAM, until(d -> d.findElement(By.cssSelector("#streams tbody tr")).getDomAttribute(
                "data-stream")));
        driver.findElement(By.id("filter")).clear();
        driver.findElement(By.id("filter")).sendKeys(SPIKED);
        until(d -> d.findElements(By.cssSelector("#streams tbody tr")).size() == 1);

        // The stream view's chart gains new points.
        until(d -> {
            d.findElement(By.linkText(SPIKED)).click();
            return true;
        });
        long first = until(d -> lastPoint(d.findElement(By.id("chart"))) > 0
                ? lastPoint(d.findElement(By.id("chart"))) : null);
        until(d -> lastPoint(d.findElement(By.id("chart"))) > first);
        assertTrue(until(d -> Integer.parseInt(d.findElement(By.id("chart")).getDomAttribute("data-points"))) >= 2);
        until(d -> d.findElements(By.cssSelector("#stats tbody tr")).size() > 5);

        given().contentType("application/json").body("{\"streams\": \"" + SPIKED + "\", \"when\": \"max > "
                + SPIKE / 2 + "\", \"keepFiringFor\": \"60s\", \"labels\": {\"team\": \"" + XSS_LABEL.replace(
                "\"", "\\\"") + "\"}}").when().put("/api/v1/rules/ui-spike").then().statusCode(
                org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        // One request brings the spike and then a smaller reading of the same millisecond: the model judges the
        // spike (the batch's most anomalous reading), and the chart keeps both points. They are stamped 2 s ahead of
        // the simulator's clock, so they are newer than the stream's newest however the simulator's next tick and
        // this request interleave (a reading placed behind the newest is stored but not judged on its own).
        long spikeAt = System.currentTimeMillis() + 2000;
        given().contentType("application/json").body("[{\"stream\": \"" + SPIKED + "\", \"ts\": " + spikeAt
                + ", \"value\": " + SPIKE + "}, {\"stream\": \"" + SPIKED + "\", \"ts\": " + spikeAt
                + ", \"value\": 50.0}]").when().post("/api/v1/readings").then().statusCode(200)
                .body("accepted", org.hamcrest.Matchers.equalTo(2));

        // The spike appears as an anomaly marker with its value and a high score.
        String score = until(d -> d.findElements(By.cssSelector("#chart circle.anomaly-marker")).stream()
                .filter(m -> Double.parseDouble(m.getDomAttribute("data-value")) == SPIKE).findFirst()
                .map(m -> m.getDomAttribute("data-score")).orElse(null));
        assertEquals(1.0, Double.parseDouble(score), "a spike of 10,000 among values near 50 scores the cap: " + score);
        String alertText = until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).stream()
                .map(WebElement::getText).filter(t -> t.contains("ui-spike")).findFirst().orElse(null));
        assertTrue(alertText.contains(SPIKED), alertText);
        String labels = until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).stream()
                .filter(r -> r.getText().contains("ui-spike")).findFirst()
                .map(r -> r.findElement(By.cssSelector(".labels")).getText()).orElse(null));
        assertTrue(labels.contains(XSS_LABEL), labels);
        until(d -> !d.findElements(By.cssSelector("#chart g.alert")).isEmpty());
        saveScreenshot("dashboard.png");

        // Ranges beyond the live window come from the history endpoint.
        new Select(driver.findElement(By.id("range"))).selectByValue("900000");
        until(d -> d.findElement(By.id("history-note")).getText().contains("history"));
        if (!driver.findElement(By.id("history-note")).getText().contains("history is off")) {
            until(d -> Integer.parseInt(d.findElement(By.id("chart")).getDomAttribute("data-points")) > 0);
        }
        saveScreenshot("dashboard-history.png");

        // Nothing user-supplied became markup or ran, and the page logged no script errors.
        assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "an <img> was created from user text");
        assertNoDialog();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertEquals(null, js.executeScript("return window.pwned === undefined ? null : window.pwned"));
        assertEquals(List.of(), js.executeScript("return window.rtdaErrors"));
    }

    @Test
    void shouldKeepTwoReadingsOfOneMillisecondAsTwoChartPointsAndReplaceARepeatedReading() {
        driver.get(root + "#/stream/" + SPIKED);
        until(d -> d.findElement(By.id("stream-title")).getText().equals(SPIKED));
        // The page's own point list, driven directly: the live feed may add to it meanwhile, so only the points at
        // the test's far-future millisecond are read back.
        Object points = ((JavascriptExecutor) driver).executeScript("""
                const t = 4102444800000;
                addPoint({ t: t, v: 10000, score: 1 });
                addPoint({ t: t, v: 50, score: 0.01 });
                addPoint({ t: t, v: 50, score: 0.02, mean: 51 });
                addPoint({ t: t - 1, v: 49, score: 0.01 });
                return state.points.filter(p => p.t >= t - 1).map(p => p.t - t + ':' + p.v + ':' + p.score);""");
        assertEquals(List.of("-1:49:0.01", "0:10000:1", "0:50:0.02"), points,
                "a spike and a reading of the same millisecond are two points; a repeated reading replaces its point");
    }

    private void assertNoDialog() {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("a script ran from user text and opened a dialog: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private static long lastPoint(WebElement chart) {
        String last = chart.getDomAttribute("data-last");
        return last == null || last.isEmpty() ? 0 : Long.parseLong(last);
    }

    private <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(NumberFormatException.class)
                .until(d -> {
                    T value = condition.apply(d);
                    return Boolean.FALSE.equals(value) ? null : value;
                });
    }

    private static void postReading(String stream, double value, String tagsJson) {
        String body = "{\"stream\": \"" + stream + "\", \"value\": " + value
                + (tagsJson == null ? "" : ", \"tags\": " + tagsJson) + "}";
        given().contentType("application/json").body(body).when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", org.hamcrest.Matchers.equalTo(1));
    }

    private void saveScreenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
