package io.rtda.accelerator.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReadingTest {
    @Test
    void shouldAcceptStreamIdsOfTheAllowedAlphabetUpToMaxLength() {
        new Reading("a", 0, 1);
        new Reading("site-1/rack_2:temp.c", Long.MIN_VALUE, -1e308);
        new Reading("x".repeat(Reading.MAX_STREAM_LENGTH), Long.MAX_VALUE, 0);
    }

    @Test
    void shouldRejectMissingStreamWithFieldStream() {
        assertField("stream", () -> new Reading(null, 0, 1));
        assertField("stream", () -> new Reading("", 0, 1));
    }

    @Test
    void shouldRejectOverlongStreamWithFieldStream() {
        InvalidReadingException e = assertField("stream",
                () -> new Reading("x".repeat(Reading.MAX_STREAM_LENGTH + 1), 0, 1));
        assertTrue(e.reason().contains("201"), e.reason());
    }

    @Test
    void shouldRejectStreamOutsideTheAlphabetWithFieldStream() {
        for (String stream : new String[] {"has space", "ümlaut", "semi;colon", "new\nline", "star*"}) {
            assertField("stream", () -> new Reading(stream, 0, 1));
        }
        assertField("stream", () -> Reading.checkStream("bad id"));
    }

    @Test
    void shouldRejectNonFiniteValueWithFieldValue() {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            InvalidReadingException e = assertField("value", () -> new Reading("s", 0, value));
            assertTrue(e.reason().contains(String.valueOf(value)), e.reason());
        }
    }

    @Test
    void shouldAcceptTagsAtTheirBounds() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < Reading.MAX_TAGS - 1; i++) {
            tags.put("k" + i, "v");
        }
        tags.put("k".repeat(Reading.MAX_TAG_KEY_LENGTH), "v".repeat(Reading.MAX_TAG_VALUE_LENGTH));
        Reading reading = new Reading("s", 0, 1, tags);
        assertEquals(Reading.MAX_TAGS, reading.tags().size());
        tags.clear();
        assertEquals(Reading.MAX_TAGS, reading.tags().size(), "tags are copied");
    }

    @Test
    void shouldRejectTooManyTagsWithFieldTags() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i <= Reading.MAX_TAGS; i++) {
            tags.put("k" + i, "v");
        }
        assertField("tags", () -> new Reading("s", 0, 1, tags));
    }

    @Test
    void shouldRejectBadTagKeyWithFieldTags() {
        assertField("tags", () -> new Reading("s", 0, 1, Map.of("bad key", "v")));
        assertField("tags", () -> new Reading("s", 0, 1, Map.of("", "v")));
        assertField("tags", () -> new Reading("s", 0, 1,
                Map.of("k".repeat(Reading.MAX_TAG_KEY_LENGTH + 1), "v")));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertField("tags", () -> new Reading("s", 0, 1, nullKey));
    }

    @Test
    void shouldRejectBadTagValueWithFieldNamingTheTag() {
        assertField("tags.site", () -> new Reading("s", 0, 1,
                Map.of("site", "v".repeat(Reading.MAX_TAG_VALUE_LENGTH + 1))));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("site", null);
        assertField("tags.site", () -> new Reading("s", 0, 1, nullValue));
    }

    @Test
    void shouldTreatMissingTagsAsEmpty() {
        assertEquals(Map.of(), new Reading("s", 0, 1, null).tags());
    }

    @Test
    void shouldKeepColumnsAndSourceIndicesInReadingBatch() {
        ReadingBatch batch = new ReadingBatch(1);
        for (int i = 0; i < 10; i++) {
            batch.add(100 + i, new Reading("s" + i, i, i * 0.5, i == 3 ? Map.of("k", "v") : Map.of()));
        }
        assertEquals(10, batch.size());
        assertEquals("s7", batch.stream(7));
        assertEquals(7, batch.timestamp(7));
        assertEquals(3.5, batch.value(7));
        assertEquals(107, batch.sourceIndex(7));
        assertEquals(Map.of("k", "v"), batch.tags(3));
        assertNull(batch.tags(4));
        batch.clear();
        assertEquals(0, batch.size());
    }

    private static InvalidReadingException assertField(String field, Executable construction) {
        InvalidReadingException e = assertThrows(InvalidReadingException.class, construction);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        return e;
    }
}
