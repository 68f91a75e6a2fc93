package io.rtda.models.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rtda score}: bad files cost the good ones nothing, and the outputs never overwrite the inputs. */
class ScoreMainTest {
    @TempDir
    Path dir;

    @Test
    void shouldScoreTheGoodFilesAndLeaveOutABadOneByName() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        csv(in.resolve("a.csv"), 60, null);
        csv(in.resolve("sub/B.CSV"), 60, null);
        csv(in.resolve("bom.csv"), 60, null);
        Files.writeString(in.resolve("bom.csv"), "\uFEFF" + Files.readString(in.resolve("bom.csv")));
        csv(in.resolve("bad.csv"), 60, "2024-01-01 00:07:00,abc");
        Files.writeString(in.resolve("notes.txt"), "not data");
        Path out = dir.resolve("out");
        assertEquals(1, ScoreMain.run("robust", DetectorOptions.defaults(), in, out));
        for (String name : List.of("a.csv", "sub/B.CSV", "bom.csv")) {
            List<String> lines = Files.readAllLines(out.resolve(name));
            assertEquals("timestamp,value,anomaly_score", lines.get(0));
            assertEquals(61, lines.size(), name);
        }
        assertFalse(Files.exists(out.resolve("bad.csv")));
    }

    @Test
    void shouldRefuseAnOutputThatIsTheInputOrInsideIt() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        csv(in.resolve("a.csv"), 10, null);
        String before = Files.readString(in.resolve("a.csv"));
        for (Path out : List.of(in, in.resolve("scores"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoreMain.run("robust", DetectorOptions.defaults(), in, out));
            assertTrue(e.getMessage().contains("inside"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoreMain.run("robust", DetectorOptions.defaults(), in.resolve("a.csv"), in));
        assertTrue(e.getMessage().contains("would overwrite the input"), e.getMessage());
        assertEquals(before, Files.readString(in.resolve("a.csv")));
    }

    @Test
    void shouldRefuseADirectoryWithoutCsvFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(in.resolve("readme.txt"), "no data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoreMain.run("robust", DetectorOptions.defaults(), in, dir.resolve("out")));
        assertTrue(e.getMessage().contains("holds no .csv files"), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenItIsNotUtf8() throws Exception {
        Path csv = dir.resolve("latin.csv");
        Files.write(csv, new byte[] {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p', ',', 'v', '\n', (byte) 0xFF, '\n'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NabCorpus.readCsv(csv));
        assertTrue(e.getMessage().contains("latin.csv") && e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    private static void csv(Path file, int rows, String extraLine) throws Exception {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++) {
            text.append(String.format("2024-01-01 %02d:%02d:00,%d%n", i / 60, i % 60, 10 + i % 3));
            if (i == 5 && extraLine != null) {
                text.append(extraLine).append('\n');
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
