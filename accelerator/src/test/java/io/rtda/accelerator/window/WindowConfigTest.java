package io.rtda.accelerator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WindowConfigTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void shouldNameCountSizeAndValueWhenOutOfRange() {
        assertMessage("rtda.window.count-size", "was 0", () -> new WindowConfig(0, MINUTE, SECOND, 64, 10, null));
        assertMessage("rtda.window.count-size", "was 1048577",
                () -> new WindowConfig(WindowConfig.MAX_COUNT_SIZE + 1, MINUTE, SECOND, 1 << 24, 10, null));
    }

    @Test
    void shouldNameTimeSpanWhenNotPositive() {
        assertMessage("rtda.window.time-span", "was PT0S", () -> new WindowConfig(8, Duration.ZERO, SECOND, 64, 10,
                null));
        assertMessage("rtda.window.time-span", "was PT-1S",
                () -> new WindowConfig(8, SECOND.negated(), SECOND, 64, 10, null));
        assertMessage("rtda.window.time-span", "was null", () -> new WindowConfig(8, null, SECOND, 64, 10, null));
    }

    @Test
    void shouldNameLateToleranceWhenNegativeOrMissing() {
        assertMessage("rtda.window.late-tolerance", "was PT-1S",
                () -> new WindowConfig(8, MINUTE, SECOND.negated(), 64, 10, null));
        assertMessage("rtda.window.late-tolerance", "was null", () -> new WindowConfig(8, MINUTE, null, 64, 10, null));
    }

    @Test
    void shouldNameMaxSamplesWhenBelowCountSizeOrAboveLimit() {
        assertMessage("rtda.window.max-samples", "was 7", () -> new WindowConfig(8, MINUTE, SECOND, 7, 10, null));
        assertMessage("rtda.window.max-samples", "was 16777217",
                () -> new WindowConfig(8, MINUTE, SECOND, WindowConfig.MAX_SAMPLES + 1, 10, null));
    }

    @Test
    void shouldNameMaxStreamsWhenBelowOne() {
        assertMessage("rtda.window.max-streams", "was 0", () -> new WindowConfig(8, MINUTE, SECOND, 64, 0, null));
    }

    @Test
    void shouldNameMaxClockSkewWhenNotPositive() {
        assertMessage("rtda.ingest.max-clock-skew", "was PT0S",
                () -> new WindowConfig(8, MINUTE, SECOND, 64, 10, Duration.ZERO));
    }

    @Test
    void shouldAcceptZeroLateToleranceAndUnsetClockSkew() {
        WindowConfig config = new WindowConfig(1, SECOND, Duration.ZERO, 1, 1, null);
        assertEquals(Duration.ZERO, config.lateTolerance());
    }

    @Test
    void shouldRaiseMaxSamplesWithCountSize() {
        WindowConfig config = WindowConfig.defaults().withCountSize(100_000);
        assertEquals(100_000, config.countSize());
        assertEquals(100_000, config.maxSamples());
        assertEquals(65_536, WindowConfig.defaults().withCountSize(16).maxSamples());
    }

    private static void assertMessage(String setting, String value, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }
}
