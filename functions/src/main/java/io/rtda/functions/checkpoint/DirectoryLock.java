package io.rtda.functions.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a state directory ({@code <dir>/.lock}, an operating-system file lock, so a process that
 * dies, even by {@code kill -9}, releases it), so two processes never write one directory's checkpoints, logs or
 * journals. The lock file names its holder (pid and host) for the error the second process gets.
 */
public final class DirectoryLock implements AutoCloseable {
    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Makes {@code directory} if needed and locks it.
     *
     * @param what what the directory is, for the error (e.g. "checkpoint directory (rtda.checkpoint.directory)")
     * @throws IllegalStateException when another process (or this one) holds it
     * @throws IOException           when it cannot be made or locked
     */
    public static DirectoryLock acquire(Path directory, String what) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new IllegalStateException("RTDA-CKP-012 the " + what + " " + directory.toAbsolutePath()
                    + " is in use by another RTDA process (" + holder + "): stop that one, or give this one a "
                    + "directory of its own");
        }
        byte[] me = (ProcessHandle.current().pid() + "@" + host() + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        return new DirectoryLock(directory, channel, lock);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            int n = channel.read(buffer, 0);
            String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : "pid@host " + text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
