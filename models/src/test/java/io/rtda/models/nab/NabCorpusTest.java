package io.rtda.models.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-file corpus written to a temporary directory. */
class NabCorpusTest {
    @TempDir
    Path root;

    @Test
    void shouldMapWindowTimestampsToInclusiveRowRanges() throws Exception {
        Files.createDirectories(root.resolve("data/real"));
        Files.createDirectories(root.resolve("labels"));
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 12; i++) {
            csv.append(String.format("2014-04-01 00:%02d:00,%d%n", i * 5, i));
        }
        Files.writeString(root.resolve("data/real/a.csv"), csv);
        Files.writeString(root.resolve("data/real/b.csv"), "timestamp,value\n2014-04-01 00:00:00,1.5\n");
        // [00:12, 00:25] holds rows 3 (00:15), 4 (00:20), 5 (00:25)
        Files.writeString(root.resolve("labels/combined_windows.json"), """
                {"real/a.csv": [["2014-04-01 00:12:00.000000", "2014-04-01 00:25:00.000000"]],
                 "real/b.csv": []}""");
        List<NabFile> files = NabCorpus.load(root);
        assertEquals(List.of("real/a.csv", "real/b.csv"), files.stream().map(NabFile::name).toList());
        assertEquals(List.of(new NabFile.Window(3, 5)), files.get(0).windows());
        assertEquals(1, files.get(0).probation(), "floor(0.15 * 12)");
        assertArrayEquals(new double[] {1.5}, files.get(1).values());
    }

    @Test
    void shouldNameFileLineAndFieldOfABadValue() throws Exception {
        Path csv = root.resolve("bad.csv");
        Files.writeString(csv, "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NabCorpus.readCsv(csv));
        assertTrue(e.getMessage().contains("bad.csv line 3 field value: 'abc' is not a number"), e.getMessage());
        Files.writeString(csv, "timestamp,value\n01/04/2014,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> NabCorpus.readCsv(csv));
        assertTrue(e.getMessage().contains("line 2 field timestamp"), e.getMessage());
    }

    @Test
    void shouldRefuseADirectoryWithoutLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NabCorpus.load(root));
        assertTrue(e.getMessage().contains("labels/combined_windows.json"), e.getMessage());
    }
}
