package dev.meshrooms.desktop.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/** The last lines of a log file, re-read only when the file changed (the Logs window polls it). */
public final class LogTail {
    private final Path file;
    private final int maxBytes;
    private long seenSize = -1;
    private FileTime seenModified;

    public LogTail(Path file, int maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    public Path file() {
        return file;
    }

    /** The tail (whole lines, at most {@code maxBytes}) if the file changed since the last call, else null. */
    public synchronized String poll() {
        try {
            if (!Files.exists(file)) {
                boolean changed = seenSize != 0;
                seenSize = 0;
                return changed ? "" : null;
            }
            long size = Files.size(file);
            FileTime modified = Files.getLastModifiedTime(file);
            if (size == seenSize && modified.equals(seenModified)) {
                return null;
            }
            seenSize = size;
            seenModified = modified;
            return read(size);
        } catch (NoSuchFileException rolledJustNow) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": could not be read (" + e.getMessage() + ")", e);
        }
    }

    private String read(long size) throws IOException {
        long start = Math.max(0, size - maxBytes);
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // read until full or the end of the file
            }
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        if (start > 0) {
            int firstLine = text.indexOf('\n');
            text = firstLine < 0 ? "" : text.substring(firstLine + 1);
        }
        return text;
    }
}
