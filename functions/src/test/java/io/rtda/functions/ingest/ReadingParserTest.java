package io.rtda.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases of the body parser, without HTTP. */
class ReadingParserTest {
    private static final long ARRIVAL = 1_800_000_000_000L;

    private final ReadingParser parser = new ReadingParser(5);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptOneReadingObjectAsTheWholeBody() {
        ParsedBatch parsed = parser.parseJson(utf8("{\"stream\":\"a\",\"ts\":5,\"value\":1.5}"), ARRIVAL);

        assertEquals(1, parsed.records());
        assertEquals(1, parsed.batch().size());
        assertEquals(5, parsed.batch().timestamp(0));
        assertEquals(1.5, parsed.batch().value(0));
        assertTrue(parsed.rejected().isEmpty());
    }

    @Test
    void shouldUseArrivalTimeWhenTsIsNullOrAbsent() {
        ParsedBatch parsed = parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":1},"
                + "{\"stream\":\"a\",\"ts\":null,\"value\":2,\"tags\":null}]"), ARRIVAL);

        assertEquals(2, parsed.batch().size());
        assertEquals(ARRIVAL, parsed.batch().timestamp(0));
        assertEquals(ARRIVAL, parsed.batch().timestamp(1));
    }

    @Test
    void shouldAcceptWholeFloatingPointTsAndRefuseHugeIntegerTs() {
        ParsedBatch parsed = parser.parseJson(utf8("[{\"stream\":\"a\",\"ts\":1.0e3,\"value\":1},"
                + "{\"stream\":\"a\",\"ts\":123456789012345678901234567890,\"value\":1},"
                + "{\"stream\":\"a\",\"ts\":-5,\"value\":1}]"), ARRIVAL);

        assertEquals(2, parsed.batch().size());
        assertEquals(1000, parsed.batch().timestamp(0));
        assertEquals(-5, parsed.batch().timestamp(1));
        assertEquals(List.of(1), parsed.rejected().stream().map(Rejection::index).toList());
        assertEquals("ts", parsed.rejected().get(0).field());
        assertTrue(parsed.rejected().get(0).reason().contains("out of range"));
    }

    @Test
    void shouldRefuseAnIsoTimeOutsideTheYears0000To9999NamingItsUtcTime() {
        ParsedBatch parsed = parser.parseJson(utf8("[{\"stream\":\"a\",\"ts\":\"9999-12-31T23:59:59-01:00\","
                + "\"value\":1},{\"stream\":\"a\",\"ts\":\"9999-12-31T23:59:59+01:00\",\"value\":1},"
                + "{\"stream\":\"a\",\"ts\":\"-0001-12-31T23:00:00Z\",\"value\":1}]"), ARRIVAL);

        assertEquals(1, parsed.batch().size(), "the last hour of 9999 in UTC is inside");
        assertEquals(List.of(0, 2), parsed.rejected().stream().map(Rejection::index).toList());
        assertEquals("ts", parsed.rejected().get(0).field());
        assertEquals("'9999-12-31T23:59:59-01:00' is +10000-01-01T00:59:59Z in UTC, outside the years 0000-9999",
                parsed.rejected().get(0).reason());
    }

    @Test
    void shouldRefuseARecordThatRepeatsAFieldOrATagInsteadOfKeepingTheLast() {
        ParsedBatch parsed = parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":1,\"value\":2},"
                + "{\"stream\":\"a\",\"value\":1,\"stream\":\"b\"},"
                + "{\"stream\":\"a\",\"value\":3,\"tags\":{\"site\":\"n\",\"site\":\"s\"}},"
                + "{\"stream\":\"a\",\"ts\":7,\"value\":4}]"), ARRIVAL);

        assertEquals(1, parsed.batch().size(), "only the record without repeats is kept");
        assertEquals(4.0, parsed.batch().value(0));
        assertEquals(List.of("value", "stream", "tags.site"),
                parsed.rejected().stream().map(Rejection::field).toList());
        assertTrue(parsed.rejected().get(0).reason().contains("appears twice"), parsed.rejected().get(0).reason());
    }

    @Test
    void shouldReportOnlyTheFirstProblemOfARecord() {
        ParsedBatch parsed = parser.parseJson(utf8("[{\"unit\":\"C\",\"value\":\"x\",\"ts\":true}]"), ARRIVAL);

        assertEquals(1, parsed.rejected().size());
        assertEquals("unit", parsed.rejected().get(0).field());
    }

    @Test
    void shouldReportHowManyTagsWereSentWhenOverTheLimit() {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            tags.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"v\"");
        }

        ParsedBatch parsed = parser.parseJson(utf8("{\"stream\":\"a\",\"value\":1,\"tags\":{" + tags + "}}"),
                ARRIVAL);

        assertEquals(0, parsed.batch().size());
        assertEquals("tags", parsed.rejected().get(0).field());
        assertEquals("at most 32 tags, was 100", parsed.rejected().get(0).reason());
    }

    @Test
    void shouldAcceptExactly32Tags() {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            tags.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"v\"");
        }

        ParsedBatch parsed = parser.parseJson(utf8("{\"stream\":\"a\",\"value\":1,\"tags\":{" + tags + "}}"),
                ARRIVAL);

        assertEquals(1, parsed.batch().size());
        assertEquals(32, parsed.batch().tags(0).size());
    }

    @Test
    void shouldRefuseAnEmptyBody() {
        MalformedBodyException json = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(new byte[0], ARRIVAL));
        MalformedBodyException ndjson = assertThrows(MalformedBodyException.class,
                () -> parser.parseNdjson(utf8("\n  \r\n\t\n"), ARRIVAL));

        assertTrue(json.getMessage().contains("empty"), json.getMessage());
        assertTrue(ndjson.getMessage().contains("empty"), ndjson.getMessage());
    }

    @Test
    void shouldNameThePositionOfAJsonSyntaxError() {
        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":1},\n{\"stream\" \"b\"}]"), ARRIVAL));

        assertTrue(e.getMessage().contains("line 2, column"), e.getMessage());
        assertTrue(e.getMessage().contains("in record 1"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnclosedArrayAndTrailingContent() {
        MalformedBodyException unclosed = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":1}"), ARRIVAL));
        MalformedBodyException trailing = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8("{\"stream\":\"a\",\"value\":1} {\"stream\":\"a\",\"value\":2}"),
                        ARRIVAL));
        MalformedBodyException scalar = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8("\"readings\""), ARRIVAL));

        assertTrue(unclosed.getMessage().contains("not"), unclosed.getMessage());
        assertTrue(trailing.getMessage().contains("application/x-ndjson"), trailing.getMessage());
        assertTrue(scalar.getMessage().contains("found a string"), scalar.getMessage());
    }

    @Test
    void shouldRefuseMoreRecordsThanTheLimit() {
        String six = "{\"stream\":\"a\",\"value\":1}\n".repeat(6);

        assertThrows(TooManyRecordsException.class, () -> parser.parseNdjson(utf8(six), ARRIVAL));
        assertThrows(TooManyRecordsException.class,
                () -> parser.parseJson(utf8("[" + "1,".repeat(5) + "1]"), ARRIVAL));
        assertEquals(5, parser.parseNdjson(utf8("{\"stream\":\"a\",\"value\":1}\n".repeat(5)), ARRIVAL).records());
    }

    @Test
    void shouldAnswerDeeplyNestedJsonAsMalformedNotAsAnInternalError() {
        String deep = "[" + "[".repeat(100) + "]".repeat(100) + "]";

        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8(deep), ARRIVAL));
        assertEquals("record 0 is beyond what a reading can hold: nested deeper than 64 levels; nothing of this "
                + "body was stored", e.getMessage());
        ParsedBatch ndjson = parser.parseNdjson(utf8("{\"stream\":\"a\",\"value\":1}\n{\"tags\":" + deep + "}\n"),
                ARRIVAL);
        assertEquals(1, ndjson.batch().size());
        assertEquals(List.of(1), ndjson.rejected().stream().map(Rejection::index).toList());
        assertTrue(ndjson.rejected().get(0).reason().endsWith("nested deeper than 64 levels"),
                ndjson.rejected().get(0).reason());
    }

    @Test
    void shouldRefuseANestedTagValueAloneKeepingTheOtherRecords() {
        String nested = "[" + "[".repeat(30) + "]".repeat(30) + "]";
        ParsedBatch parsed = parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":1},{\"stream\":\"b\",\"value\":1,"
                + "\"tags\":{\"a\":" + nested + "}},{\"stream\":\"c\",\"value\":1}]"), ARRIVAL);

        assertEquals(2, parsed.batch().size());
        assertEquals(List.of(1), parsed.rejected().stream().map(Rejection::index).toList());
        assertEquals("tags.a", parsed.rejected().get(0).field());
    }

    @Test
    void shouldAnswerOverlongNumbersAsMalformedNotAsAnInternalError() {
        String digits = "9".repeat(5000);

        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> parser.parseJson(utf8("[{\"stream\":\"a\",\"value\":" + digits + "}]"), ARRIVAL));
        assertTrue(e.getMessage().contains("record 0 is beyond what a reading can hold: a number longer than 1000 "
                + "characters"), e.getMessage());
        ParsedBatch ndjson = parser.parseNdjson(utf8("{\"stream\":\"a\",\"value\":1}\n{\"stream\":\"a\",\"ts\":"
                + digits + ",\"value\":1}\n"), ARRIVAL);
        assertEquals(1, ndjson.batch().size());
        assertEquals(1, ndjson.rejected().size());
        assertTrue(ndjson.rejected().get(0).reason().endsWith("a number longer than 1000 characters"),
                ndjson.rejected().get(0).reason());
    }

    @Test
    void shouldAnswerBytesThatLookLikeUtf32AsMalformedNotAsAnInternalError() {
        byte[] body = {0, 0, 0, '[', (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, 0, 0, 0, ']'};

        assertThrows(MalformedBodyException.class, () -> parser.parseJson(body, ARRIVAL));
        byte[] good = utf8("{\"stream\":\"a\",\"value\":1}\n");
        byte[] lines = new byte[good.length + body.length];
        System.arraycopy(good, 0, lines, 0, good.length);
        System.arraycopy(body, 0, lines, good.length, body.length);
        ParsedBatch ndjson = parser.parseNdjson(lines, ARRIVAL);
        assertEquals(1, ndjson.batch().size());
        assertEquals(List.of(1), ndjson.rejected().stream().map(Rejection::index).toList());
    }

    @Test
    void shouldReportOneRejectionForANdjsonLineThatFailsTwice() {
        ParsedBatch parsed = parser.parseNdjson(utf8("{\"unit\":\"C\"} ]\n{\"stream\":\"a\",\"value\":1}"), ARRIVAL);

        assertEquals(1, parsed.batch().size());
        assertEquals(1, parsed.rejected().size(), () -> "rejections: " + parsed.rejected());
        assertEquals(0, parsed.rejected().get(0).index());
        assertTrue(parsed.rejected().get(0).reason().contains("line 1 is not valid JSON"),
                parsed.rejected().get(0).reason());
    }

    @Test
    void shouldRefuseTrailingContentOnAnNdjsonLine() {
        ParsedBatch parsed = parser.parseNdjson(utf8("{\"stream\":\"a\",\"value\":1} {\"stream\":\"a\",\"value\":2}"),
                ARRIVAL);

        assertEquals(0, parsed.batch().size());
        assertEquals(1, parsed.rejected().size());
        assertTrue(parsed.rejected().get(0).reason().contains("one reading per line"));
    }

    @Test
    void shouldRefuseAnNdjsonBodyWithNoJsonLineAtAll() {
        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> parser.parseNdjson(utf8("hello\nworld\n"), ARRIVAL));

        assertTrue(e.getMessage().contains("line 1 is not valid JSON at column"), e.getMessage());
    }
}
