package io.rtda.functions.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint files of one directory: {@code latest.ckpt} and {@code previous.ckpt}. Layout: magic
 * {@code RTDACKP1}, epoch-ms time taken, then per part its name and data, an empty name to end, and the
 * CRC32 of everything before it.
 */
public final class CheckpointFile {
    private static final long MAGIC = 0x5254_4441_434B_5031L; // "RTDACKP1"
    static final String LATEST = "latest.ckpt";
    static final String PREVIOUS = "previous.ckpt";

    private final Path directory;

    public CheckpointFile(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Writes a new checkpoint of {@code parts}, then makes it the latest; returns its size in bytes. */
    public long write(List<CheckpointPart> parts, long takenAt) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve("checkpoint.tmp");
        CRC32 crc = new CRC32();
        try (OutputStream file = Files.newOutputStream(temporary);
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                        new BufferedOutputStream(file, 1 << 16), crc))) {
            out.writeLong(MAGIC);
            out.writeLong(takenAt);
            for (CheckpointPart part : parts) {
                out.writeUTF(part.name());
                part.write(out);
            }
            out.writeUTF("");
            out.flush();
            new DataOutputStream(file).writeLong(crc.getValue());
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path latest = directory.resolve(LATEST);
        if (Files.exists(latest)) {
            Files.move(latest, directory.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temporary, latest, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(latest);
    }

    /** What a restore found. */
    public record Restored(Path file, long takenAt) {
    }

    /**
     * Restores {@code parts} from the newest intact checkpoint; empty when there is none.
     *
     * @throws IOException when a checkpoint exists but none is intact (the message names the files)
     */
    public Optional<Restored> restore(List<CheckpointPart> parts) throws IOException {
        StringBuilder problems = new StringBuilder();
        for (String name : List.of(LATEST, PREVIOUS)) {
            Path file = directory.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            String problem = verify(file);
            if (problem != null) {
                problems.append(file).append(": ").append(problem).append("; ");
                continue;
            }
            return Optional.of(new Restored(file, read(file, parts)));
        }
        if (!problems.isEmpty()) {
            throw new IOException("no intact checkpoint: " + problems);
        }
        return Optional.empty();
    }

    /** Null when the file's CRC and header are right, else what is wrong. */
    private static String verify(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8 + 8 + 2 + 8) {
            return "too short (" + size + " bytes)";
        }
        CRC32 crc = new CRC32();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            long left = size - 8;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return "ends early";
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
            long stored = new DataInputStream(in).readLong();
            return stored == crc.getValue() ? null : "CRC mismatch (torn or corrupt write)";
        }
    }

    private static long read(Path file, List<CheckpointPart> parts) throws IOException {
        Map<String, CheckpointPart> byName = parts.stream()
                .collect(Collectors.toMap(CheckpointPart::name, Function.identity()));
        try (DataInputStream in = new DataInputStream(new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), new CRC32()))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not an RTDA checkpoint (version 1)");
            }
            long takenAt = in.readLong();
            for (String name = in.readUTF(); !name.isEmpty(); name = in.readUTF()) {
                CheckpointPart part = byName.get(name);
                if (part == null) {
                    throw new IOException(file + " holds part '" + name + "' that this version cannot read");
                }
                part.read(in);
            }
            return takenAt;
        }
    }
}
