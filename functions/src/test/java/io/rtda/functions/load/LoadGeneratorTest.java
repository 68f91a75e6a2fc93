package io.rtda.functions.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The load generator against the running application. */
@QuarkusTest
class LoadGeneratorTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "requests (\\d+) \\((\\d+) failed\\), readings sent ([\\d,]+), accepted ([\\d,]+)");

    @TestHTTPResource("/")
    URI root;

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    @Test
    void shouldPostAtTheRequestedRateWithoutFailuresAndReportTheSummary() throws InterruptedException {
        URI url = URI.create(root.toString().replaceAll("/$", ""));
        LoadOptions options = new LoadOptions(url, 10, 2000, Duration.ofSeconds(2), 100, 2, null);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int failed = new LoadGenerator(options).run(new PrintStream(captured, true, StandardCharsets.UTF_8));

        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, failed, output);
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), output);
        assertEquals(0, number(summary.group(2)), output);
        long requests = number(summary.group(1));
        long sent = number(summary.group(3));
        long accepted = number(summary.group(4));
        assertEquals(40, requests, () -> "2 s at 20 batches/s, paced by the clock: " + output);
        assertEquals(requests * 100, sent, output);
        assertTrue(accepted > 0 && accepted <= sent, output);
        assertTrue(output.contains("throughput"), output);
        assertTrue(output.contains("request latency ms: p50"), output);
    }
}
