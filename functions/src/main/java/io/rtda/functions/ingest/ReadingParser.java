package io.rtda.functions.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.rtda.accelerator.ingest.Rejection;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a JSON array (or a single object) or NDJSON body into readings. A record is an object with
 * {@code stream} (string), {@code value} (finite number), optional {@code ts} (epoch milliseconds as an
 * integer, or an ISO-8601 string with offset; absent or null means the arrival time) and optional {@code
 * tags} (object of strings). Any other field is refused, so typos are not silently dropped. Thread-safe.
 */
public final class ReadingParser {
    private static final String FIELDS = "expected only stream, ts, value and tags";
    /** Deepest nesting read: far beyond any reading (depth 3), yet bounded; deeper refuses the body. */
    static final int MAX_NESTING = 64;
    /** Longest number read, in characters (Jackson's default); longer refuses the body. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final JsonFactory factory;
    private final int maxRecords;

    /** Most records one body may hold. */
    public int maxRecords() {
        return maxRecords;
    }

    public ReadingParser(int maxRecords) {
        this.maxRecords = maxRecords;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH).build()).build();
    }

    /** A JSON array of records, or one record object. */
    public ParsedBatch parseJson(byte[] body, long arrivalMillis) {
        ReadingBatch batch = new ReadingBatch(Math.max(16, body.length / 64));
        List<Rejection> rejected = new ArrayList<>();
        int index = 0;
        try (JsonParser p = factory.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedBodyException("the body is empty; send a JSON array of readings");
            }
            if (first == JsonToken.START_OBJECT) {
                add(batch, 0, record(p, 0, arrivalMillis, rejected));
                index = 1;
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new MalformedBodyException("the array is not closed: body ends after record " + index);
                    }
                    checkLimit(index);
                    if (t == JsonToken.START_OBJECT) {
                        add(batch, index, record(p, index, arrivalMillis, rejected));
                    } else {
                        rejected.add(new Rejection(index, "$", "each record must be a JSON object, was " + kind(t)));
                        p.skipChildren();
                    }
                    index++;
                }
            } else {
                throw new MalformedBodyException("expected a JSON array of readings (or one reading object), "
                        + "found " + kind(first) + " at " + where(p.currentTokenLocation()));
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new MalformedBodyException("unexpected content after the JSON value at "
                        + where(p.currentTokenLocation()) + "; for one reading per line use "
                        + "Content-Type: application/x-ndjson");
            }
        } catch (StreamConstraintsException e) {
            // Nesting and number length: the parser cannot resume inside the record, so the body is refused.
            throw new MalformedBodyException("record " + index + " is beyond what a reading can hold: " + limit(e)
                    + "; nothing of this body was stored");
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("not valid JSON at " + where(e.getLocation()) + " (in record " + index
                    + "): " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            // Leading zero bytes make Jackson read UTF-32; its decoder reports bad characters this way.
            throw new MalformedBodyException("not valid JSON (in record " + index + "): " + e.getMessage()
                    + "; send UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ParsedBatch(batch, rejected, index);
    }

    /**
     * Newline-delimited JSON: one record per line; blank lines are skipped. A record's index is its 0-based
     * line number. A line that is not JSON refuses only that record, unless no line is JSON at all.
     */
    public ParsedBatch parseNdjson(byte[] body, long arrivalMillis) {
        ReadingBatch batch = new ReadingBatch(Math.max(16, body.length / 64));
        List<Rejection> rejected = new ArrayList<>();
        int line = 0;
        int records = 0;
        int parsed = 0;
        String firstError = null;
        for (int start = 0; start < body.length; line++) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (!blank(body, start, end)) {
                checkLimit(records);
                records++;
                int before = rejected.size();
                try (JsonParser p = factory.createParser(body, start, end - start)) {
                    JsonToken t = p.nextToken();
                    if (t != JsonToken.START_OBJECT) {
                        rejected.add(new Rejection(line, "$", "each line must be one JSON object, was " + kind(t)));
                    } else {
                        Reading reading = record(p, line, arrivalMillis, rejected);
                        if (p.nextToken() != null) {
                            if (reading != null) {
                                rejected.add(new Rejection(line, "$", "unexpected content after the object on line "
                                        + (line + 1) + "; put one reading per line"));
                            }
                        } else {
                            add(batch, line, reading);
                        }
                    }
                    parsed++;
                } catch (JsonProcessingException | CharConversionException e) {
                    rejected.subList(before, rejected.size()).clear();
                    String reason = e instanceof StreamConstraintsException c
                            ? "line " + (line + 1) + " is beyond what a reading can hold: " + limit(c)
                            : "line " + (line + 1) + " is not valid JSON" + column(e) + ": " + message(e);
                    rejected.add(new Rejection(line, "$", reason));
                    firstError = firstError == null ? reason : firstError;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            start = end + 1;
        }
        if (records == 0) {
            throw new MalformedBodyException("the body is empty; send one JSON reading per line");
        }
        if (parsed == 0) {
            throw new MalformedBodyException("the body is not NDJSON: " + firstError);
        }
        return new ParsedBatch(batch, rejected, records);
    }

    private void checkLimit(int index) {
        if (index >= maxRecords) {
            throw new TooManyRecordsException(maxRecords);
        }
    }

    private static void add(ReadingBatch batch, int index, Reading reading) {
        if (reading != null) {
            batch.add(index, reading);
        }
    }

    /**
     * Parses one record object (the parser is on its START_OBJECT): the reading, or null after adding a
     * rejection.
     */
    private static Reading record(JsonParser p, int index, long arrivalMillis, List<Rejection> rejected)
            throws IOException {
        RecordFields r = new RecordFields();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (r.errorField != null) {
                p.skipChildren();
                continue;
            }
            if (r.repeated(name)) {
                r.fail(name, "appears twice in the record; send each field once");
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "stream" -> r.stream(p, v);
                case "ts" -> r.ts(p, v);
                case "value" -> r.value(p, v);
                case "tags" -> r.tags(p, v);
                default -> {
                    r.fail(name, "unknown field; " + FIELDS);
                    p.skipChildren();
                }
            }
        }
        if (r.errorField == null && r.stream == null) {
            r.fail("stream", "is required");
        }
        if (r.errorField == null && !r.hasValue) {
            r.fail("value", "is required (a finite number)");
        }
        if (r.errorField != null) {
            rejected.add(new Rejection(index, r.errorField, r.errorReason));
            return null;
        }
        try {
            return new Reading(r.stream, r.hasTs ? r.ts : arrivalMillis, r.value, r.tags);
        } catch (InvalidReadingException e) {
            rejected.add(new Rejection(index, e.field(), e.reason()));
            return null;
        }
    }

    private static boolean blank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String column(IOException e) {
        JsonLocation location = e instanceof JsonProcessingException j ? j.getLocation() : null;
        return location == null ? "" : " at column " + location.getColumnNr();
    }

    /** A parse limit in words, rather than Jackson's wording. */
    private static String limit(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "nested deeper than " + MAX_NESTING + " levels";
        }
        if (m.contains("Number value length") || m.contains("number length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return m;
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage() + "; send UTF-8";
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + " (byte "
                + location.getByteOffset() + ")";
    }

    /** The fields of one record as they are read; the first problem wins. */
    private static final class RecordFields {
        String stream;
        long ts;
        boolean hasTs;
        double value;
        boolean hasValue;
        Map<String, String> tags;
        String errorField;
        String errorReason;

        /** Known fields already read, one bit each; a JSON object may repeat a key, a reading may not. */
        private int read;

        void fail(String field, String reason) {
            errorField = field;
            errorReason = reason;
        }

        boolean repeated(String name) {
            int bit = switch (name) {
                case "stream" -> 1;
                case "ts" -> 2;
                case "value" -> 4;
                case "tags" -> 8;
                default -> 0;
            };
            boolean again = (read & bit) != 0;
            read |= bit;
            return again;
        }

        void stream(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_STRING) {
                stream = p.getText();
            } else {
                fail("stream", "must be a string, was " + kind(v));
                p.skipChildren();
            }
        }

        void ts(JsonParser p, JsonToken v) throws IOException {
            switch (v) {
                case VALUE_NULL -> hasTs = false;
                case VALUE_NUMBER_INT -> {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        fail("ts", "epoch milliseconds out of range: " + p.getText());
                    } else {
                        ts = p.getLongValue();
                        hasTs = true;
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    double d = p.getDoubleValue();
                    if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                        ts = (long) d;
                        hasTs = true;
                    } else {
                        fail("ts", "must be whole epoch milliseconds, was " + p.getText());
                    }
                }
                case VALUE_STRING -> isoTime(p.getText());
                default -> {
                    fail("ts", "must be epoch milliseconds or an ISO-8601 string, was " + kind(v));
                    p.skipChildren();
                }
            }
        }

        private void isoTime(String text) {
            try {
                Instant at = OffsetDateTime.parse(text).toInstant();
                long millis = at.toEpochMilli();
                if (millis < WindowEngine.MIN_EVENT_TIME || millis > WindowEngine.MAX_EVENT_TIME) {
                    fail("ts", "'" + text + "' is " + at + " in UTC, outside the years 0000-9999");
                    return;
                }
                ts = millis;
                hasTs = true;
            } catch (DateTimeParseException | ArithmeticException e) {
                fail("ts", "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "' is not an "
                        + "ISO-8601 time with offset such as 2026-11-27T10:15:30Z or 2026-11-27T11:15:30+01:00");
            }
        }

        void value(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                value = p.getDoubleValue();
                hasValue = true;
                if (!Double.isFinite(value)) {
                    fail("value", "must be a finite number, " + p.getText() + " is out of the double range");
                }
            } else {
                fail("value", "must be a finite number, was " + kind(v));
                p.skipChildren();
            }
        }

        void tags(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NULL) {
                return;
            }
            if (v != JsonToken.START_OBJECT) {
                fail("tags", "must be an object of string values, was " + kind(v));
                p.skipChildren();
                return;
            }
            tags = new HashMap<>();
            int seen = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken tv = p.nextToken();
                seen++;
                if (tv != JsonToken.VALUE_STRING) {
                    if (errorField == null) {
                        fail("tags." + key, "must be a string, was " + kind(tv));
                    }
                    p.skipChildren();
                    continue;
                }
                if (tags.size() > Reading.MAX_TAGS) {
                    continue;
                }
                if (tags.put(key, p.getText()) != null && errorField == null) {
                    fail("tags." + key, "appears twice in the tags; send each tag once");
                }
            }
            // Only the first 33 are kept (enough for Reading to refuse), so report the count sent here.
            if (seen > Reading.MAX_TAGS && errorField == null) {
                fail("tags", "at most " + Reading.MAX_TAGS + " tags, was " + seen);
            }
        }
    }
}
