package io.rtda.functions.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void shouldUseTheDocumentedDefaults() {
        LoadOptions options = LoadOptions.parse(new String[0]);

        assertEquals(URI.create("http://localhost:8080"), options.url());
        assertEquals(100, options.streams());
        assertEquals(10_000, options.rate());
        assertEquals(Duration.ofSeconds(30), options.duration());
        assertEquals(500, options.batch());
        assertEquals(4, options.concurrency());
        assertEquals(System.getenv("RTDA_API_KEY"), options.apiKey());
    }

    @Test
    void shouldParseEveryOption() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", "http://example.test:9090/", "--streams", "7",
                "--rate", "2500.5", "--duration", "5m", "--batch", "50", "--concurrency", "2", "--api-key", "k"});

        assertEquals(URI.create("http://example.test:9090"), options.url(), "a trailing slash is dropped");
        assertEquals(7, options.streams());
        assertEquals(2500.5, options.rate());
        assertEquals(Duration.ofMinutes(5), options.duration());
        assertEquals(50, options.batch());
        assertEquals(2, options.concurrency());
        assertEquals("k", options.apiKey());
    }

    @Test
    void shouldTakeHelpAnywhereAsAskingForTheUsage() {
        assertTrue(LoadOptions.wantsHelp(new String[] {"--help"}));
        assertTrue(LoadOptions.wantsHelp(new String[] {"--streams", "5", "-h"}));
        assertFalse(LoadOptions.wantsHelp(new String[] {"--streams", "5"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--streams"}));
        assertTrue(e.getMessage().startsWith("--streams needs a value"), e.getMessage());
    }

    @Test
    void shouldReadDurationsInSecondsMinutesHoursIsoAndBareSeconds() {
        assertEquals(Duration.ofSeconds(30), LoadOptions.duration("30s"));
        assertEquals(Duration.ofMinutes(2), LoadOptions.duration("2m"));
        assertEquals(Duration.ofHours(1), LoadOptions.duration("1h"));
        assertEquals(Duration.ofMillis(1500), LoadOptions.duration("PT1.5S"));
        assertEquals(Duration.ofSeconds(45), LoadOptions.duration("pt45s"));
        assertEquals(Duration.ofSeconds(12), LoadOptions.duration("12"));
    }

    @Test
    void shouldRefuseMalformedDurationsNamingTheOption() {
        for (String bad : new String[] {"", "s", "5x", "PTxS", "1.5s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoadOptions.duration(bad), bad);
            assertTrue(e.getMessage().startsWith("--duration must look like"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseNonPositiveNumbersNamingTheOptionAndValue() {
        IllegalArgumentException streams = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--streams", "0"}));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--batch", "ten"}));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--rate", "Infinity"}));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--rate", "-5"}));

        assertEquals("--streams must be a positive whole number, was '0'", streams.getMessage());
        assertEquals("--batch must be a positive whole number, was 'ten'", batch.getMessage());
        assertEquals("--rate must be a positive number, was 'Infinity'", rate.getMessage());
        assertEquals("--rate must be a positive number, was '-5'", negative.getMessage());
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValuesWithTheUsage() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--threads", "4"}));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--rate"}));

        assertTrue(unknown.getMessage().startsWith("unknown option --threads"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains(LoadOptions.USAGE));
        assertTrue(missing.getMessage().startsWith("--rate needs a value"), missing.getMessage());
        assertTrue(missing.getMessage().contains(LoadOptions.USAGE));
    }
}
