package io.rtda.functions.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint files of one directory: {@code latest.ckpt} and {@code previous.ckpt}. Layout: magic
 * {@code RTDACKP2}, epoch-ms time taken, the parts' data one after another, an index (count, then name,
 * offset and length of each part), the index's offset, and the CRC32 of everything before the CRC. The index
 * lets each owner restore its own part at its own time and skip the others.
 */
public final class CheckpointFile {
    private static final long MAGIC = 0x5254_4441_434B_5032L; // "RTDACKP2"
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
        try (OutputStream file = Files.newOutputStream(temporary)) {
            Counting counted = new Counting(new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc));
            DataOutputStream out = new DataOutputStream(counted);
            out.writeLong(MAGIC);
            out.writeLong(takenAt);
            long[] offsets = new long[parts.size()];
            long[] lengths = new long[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                out.flush();
                offsets[i] = counted.count;
                parts.get(i).write(out);
                out.flush();
                lengths[i] = counted.count - offsets[i];
            }
            long index = counted.count;
            out.writeInt(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                out.writeUTF(parts.get(i).name());
                out.writeLong(offsets[i]);
                out.writeLong(lengths[i]);
            }
            out.writeLong(index);
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

    /**
     * What a restore found.
     *
     * @param restored names of the parts handed their data (parts the file lacks are not called)
     */
    public record Restored(Path file, long takenAt, List<String> restored) {
    }

    /**
     * Restores {@code parts} from the newest intact checkpoint; empty when there is none. Parts of the file
     * that are not asked for are skipped.
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
            return Optional.of(read(file, parts));
        }
        if (!problems.isEmpty()) {
            throw new IOException("no intact checkpoint: " + problems);
        }
        return Optional.empty();
    }

    /** Null when the file's CRC is right, else what is wrong. */
    private static String verify(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8 + 8 + 4 + 8 + 8) {
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

    private static Restored read(Path file, List<CheckpointPart> parts) throws IOException {
        Map<String, CheckpointPart> byName = parts.stream()
                .collect(Collectors.toMap(CheckpointPart::name, Function.identity()));
        long size = Files.size(file);
        long takenAt;
        long indexAt;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInputStream head = new DataInputStream(Channels.newInputStream(channel.position(0)));
            if (head.readLong() != MAGIC) {
                throw new IOException(file + " is not an RTDA checkpoint (version 2)");
            }
            takenAt = head.readLong();
            indexAt = new DataInputStream(Channels.newInputStream(channel.position(size - 16))).readLong();
        }
        List<String> restored = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInputStream index = new DataInputStream(new BufferedInputStream(
                    Channels.newInputStream(channel.position(indexAt))));
            int count = index.readInt();
            for (int i = 0; i < count; i++) {
                String name = index.readUTF();
                long offset = index.readLong();
                long length = index.readLong();
                CheckpointPart part = byName.get(name);
                if (part == null) {
                    continue;
                }
                try (FileChannel data = FileChannel.open(file, StandardOpenOption.READ)) {
                    InputStream in = new BufferedInputStream(Channels.newInputStream(data.position(offset)), 1 << 16);
                    part.read(new DataInputStream(new Limited(in, length)));
                }
                restored.add(name);
            }
        }
        return new Restored(file, takenAt, restored);
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Ends after {@code left} bytes, so a part cannot read into the next one. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
