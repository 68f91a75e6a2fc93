package io.rtda.functions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondHolderNamingTheFirstAndLetItInOnceReleased() throws IOException {
        Path state = dir.resolve("checkpoints");
        DirectoryLock first = DirectoryLock.acquire(state, "checkpoint directory");
        assertTrue(Files.isDirectory(state), "made on the way");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DirectoryLock.acquire(state, "checkpoint directory"));
        assertTrue(refused.getMessage().startsWith("RTDA-CKP-012 the checkpoint directory "), refused.getMessage());
        assertTrue(refused.getMessage().contains("pid@host " + ProcessHandle.current().pid() + "@"),
                refused.getMessage());
        first.close();
        try (DirectoryLock second = DirectoryLock.acquire(state, "checkpoint directory")) {
            assertEquals(state, second.directory());
        }
    }

    @Test
    void shouldFailWithTheCauseWhenTheDirectoryCannotBeMade() throws IOException {
        Path file = dir.resolve("not-a-directory");
        Files.writeString(file, "x");
        assertThrows(IOException.class, () -> DirectoryLock.acquire(file, "checkpoint directory"));
    }
}
