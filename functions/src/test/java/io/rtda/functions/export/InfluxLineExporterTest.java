package io.rtda.functions.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.history.HistoryPoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Line protocol to a real InfluxDB 1.6 started by the test, through an outage. */
class InfluxLineExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_790_000_000_000L;
    private static InfluxServer influx;

    @BeforeAll
    static void start() throws Exception {
        influx = new InfluxServer();
        influx.start();
        influx.query(null, "CREATE DATABASE rtda_test");
    }

    @AfterAll
    static void stop() throws Exception {
        influx.close();
    }

    private static HistoryPoint point(String stream, long start, double mean, double score) {
        return new HistoryPoint(stream, 1000, start, 2, mean, 0.5, mean - 1, mean + 1, mean, mean + 0.8, mean + 0.2,
                start + 900, score);
    }

    private JsonNode rows(String stream) throws Exception {
        JsonNode answer = JSON.readTree(influx.query("rtda_test",
                "SELECT updates, mean, max, score FROM rtda_stats WHERE stream = '" + stream + "' ORDER BY time"));
        JsonNode series = answer.at("/results/0/series/0/values");
        return series.isMissingNode() ? JSON.createArrayNode() : series;
    }

    @Test
    void shouldFormatLineProtocolLeavingUndefinedFieldsOut() {
        String line = InfluxLineExporter.line(point("plant/1:temp", T0, 20.5, Double.NaN));
        assertEquals("rtda_stats,stream=plant/1:temp updates=2i,mean=20.5,std=0.5,min=19.5,max=21.5,p50=20.5,"
                + "p95=21.3,last=20.7 " + T0, line);
        assertEquals("a\\ b\\,c\\=d\\\\", InfluxLineExporter.escapeTag("a b,c=d\\"));
    }

    @Test
    void shouldWritePointsInfluxCanQuery() throws Exception {
        InfluxLineExporter exporter = new InfluxLineExporter(influx.url(), "rtda_test", Optional.empty(), 1000);
        exporter.accept(List.of(point("written", T0, 10, 0.25), point("written", T0 + 1000, 11, 0.5)));
        assertTrue(exporter.send());
        assertEquals(2, exporter.sent());
        JsonNode rows = rows("written");
        assertEquals(2, rows.size());
        assertEquals(T0, rows.get(0).get(0).asLong());
        assertEquals(2, rows.get(0).get(1).asLong());
        assertEquals(10.0, rows.get(0).get(2).asDouble());
        assertEquals(12.0, rows.get(1).get(3).asDouble());
        assertEquals(0.5, rows.get(1).get(4).asDouble());
    }

    @Test
    void shouldKeepLinesWhileInfluxIsDownAndSendThemWhenItReturns() throws Exception {
        InfluxLineExporter exporter = new InfluxLineExporter(influx.url(), "rtda_test", Optional.empty(), 1000);
        influx.stop();
        try {
            exporter.accept(List.of(point("outage", T0, 1, 0.1), point("outage", T0 + 1000, 2, 0.2)));
            assertFalse(exporter.send(), "nothing can be sent while InfluxDB is down");
            assertEquals(2, exporter.queued());
            assertTrue(exporter.failures() >= 1);
        } finally {
            influx.start();
        }
        exporter.accept(List.of(point("outage", T0 + 2000, 3, 0.3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!exporter.send()) {
            assertTrue(System.nanoTime() < deadline, "InfluxDB is back but the queue never drained");
        }
        assertEquals(0, exporter.queued());
        assertEquals(3, rows("outage").size(), "every point queued during the outage arrived, in order");
    }

    @Test
    void shouldDropAndCountABatchInfluxRefusesAsInvalid() {
        InfluxLineExporter exporter = new InfluxLineExporter(influx.url(), "no_such_database", Optional.empty(), 10);
        exporter.accept(List.of(point("refused", T0, 1, 0)));
        assertTrue(exporter.send(), "a 404 for a missing database is not retried forever");
        assertEquals(1, exporter.dropped());
        assertEquals(0, exporter.sent());
    }

    @Test
    void shouldBoundTheQueueDroppingTheOldest() {
        InfluxLineExporter exporter = new InfluxLineExporter("http://127.0.0.1:9", "rtda_test", Optional.empty(), 3);
        for (int i = 0; i < 5; i++) {
            exporter.accept(List.of(point("bounded", T0 + i * 1000L, i, 0)));
        }
        assertEquals(3, exporter.queued());
        assertEquals(2, exporter.dropped());
    }
}
