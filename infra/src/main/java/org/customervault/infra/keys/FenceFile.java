package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local key store's erasure fence outside the database, beside the master key file: one line per
 * erased subject, appended and forced to disk before the erasure is reported done, never rewritten.
 * A restore of the database from a backup taken before an erasure does not touch it, so the store
 * refuses the restored key and the vault erases the customer again at start. No personal data:
 *
 * <pre>
 * erased &lt;subject id&gt; &lt;erased at, ISO-8601 UTC&gt; &lt;destroyed key ids, comma-separated, or -&gt; &lt;certificate hash&gt;
 * </pre>
 *
 * A crash in the middle of an append leaves a last line without its newline: that erasure was not
 * reported done, and its retry or the next start writes it again, so the torn line is cut off when
 * the file is opened. Any other line that does not read is an error, because a fence that cannot be
 * read cannot be trusted to fence anyone.
 *
 * <p>Nodes that share the key directory share the file. An append and the repair at opening both
 * hold an exclusive lock on the file (and, within one JVM, on its path), so a node that starts
 * while another appends cannot take that line, half written, for one torn by a crash and cut it.
 */
public final class FenceFile implements ErasureFenceOutsideDatabase {

    /** One erased subject; the certificate hash ties the line to the ledger's certificate without copying it. */
    public record Entry(String subjectId, Instant erasedAt, List<String> keyIds, String certificateHash) {

        public Entry {
            requireToken(subjectId, "subject id");
            requireToken(certificateHash, "certificate hash");
            keyIds = List.copyOf(keyIds);
            keyIds.forEach(keyId -> requireToken(keyId, "key id"));
            if (keyIds.stream().anyMatch(keyId -> keyId.contains(",") || keyId.equals(NO_KEYS))) {
                throw new IllegalArgumentException("a key id in the fence file may not contain a comma or be " + NO_KEYS);
            }
        }

        private String line() {
            return String.join(" ", ERASED, subjectId, erasedAt.toString(),
                    keyIds.isEmpty() ? NO_KEYS : String.join(",", keyIds), certificateHash) + "\n";
        }

        private static Entry parse(String line) {
            String[] parts = line.split(" ", -1);
            if (parts.length != 5 || !parts[0].equals(ERASED)) {
                throw new IllegalArgumentException("not an erasure line");
            }
            List<String> keyIds = parts[3].equals(NO_KEYS) ? List.of() : Arrays.asList(parts[3].split(",", -1));
            return new Entry(parts[1], Instant.parse(parts[2]), keyIds, parts[4]);
        }

        private static void requireToken(String value, String what) {
            if (value == null || value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a " + what + " in the fence file is one word");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FenceFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final String ERASED = "erased";
    private static final String NO_KEYS = "-";
    private static final ConcurrentHashMap<Path, Object> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final Set<String> subjects;

    private FenceFile(Path file, List<Entry> entries) {
        this.file = file;
        this.subjects = ConcurrentHashMap.newKeySet();
        entries.forEach(entry -> subjects.add(entry.subjectId()));
    }

    /** Opens the file, creating it owner-only if there is none, and cuts off a last line torn by a crash. */
    public static FenceFile openOrCreate(Path file) {
        try {
            return new FenceFile(file, readRepairingTheEnd(KeyFiles.ownerOnly(file, "erasure fence file", FenceFile::create)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the erasure fence file " + file, e);
        }
    }

    @Override
    public boolean contains(String subjectId) {
        return subjects.contains(subjectId);
    }

    @Override
    public Set<String> subjects() {
        return Set.copyOf(subjects);
    }

    /**
     * Appends the entry and forces it to the disk before returning, unless its subject is there
     * already (a repeated erasure keeps the first line). A failed append is cut off again, so the
     * next one starts on a line of its own.
     */
    @Override
    public synchronized void append(Entry entry) {
        if (subjects.contains(entry.subjectId())) {
            return;
        }
        try {
            locked(file, channel -> {
                long before = channel.size();
                try {
                    ByteBuffer line = ByteBuffer.wrap(entry.line().getBytes(StandardCharsets.US_ASCII));
                    channel.position(before);
                    while (line.hasRemaining()) {
                        channel.write(line);
                    }
                    channel.force(true);
                } catch (IOException e) {
                    channel.truncate(before);
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the erasure fence file " + file, e);
        }
        subjects.add(entry.subjectId());
    }

    @FunctionalInterface
    private interface LockedWork {
        void run(FileChannel channel) throws IOException;
    }

    /**
     * Runs {@code work} holding the file's lock: first this JVM's for the path (a JVM may not take a
     * file lock it already holds), then the file lock itself, which other processes respect.
     */
    private static void locked(Path file, LockedWork work) throws IOException {
        synchronized (LOCKS_IN_THIS_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new Object())) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                work.run(channel);
            }
        }
    }

    /** Every entry in the file, in the order they were appended; a torn last line is left out. */
    static List<Entry> read(Path file) throws IOException {
        return parse(file, Files.readString(file, StandardCharsets.US_ASCII));
    }

    private static List<Entry> parse(Path file, String text) {
        List<Entry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(Entry.parse(line));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalStateException("line " + lineNumber + " of the erasure fence file " + file
                        + " cannot be read: " + e.getMessage());
            }
        }
        return entries;
    }

    private static List<Entry> readRepairingTheEnd(Path file) throws IOException {
        String[] read = new String[1];
        locked(file, channel -> {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int complete = text.lastIndexOf('\n') + 1;
            if (text.length() > complete) {
                LOG.warn("the erasure fence file {} ends in a line torn by a crash; cutting off its {} bytes", file,
                        text.length() - complete);
                channel.truncate(complete);
                channel.force(true);
            }
            read[0] = text;
        });
        return parse(file, read[0]);
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(KeyFiles.OWNER_ONLY));
        } catch (FileAlreadyExistsException createdMeanwhile) {
            return;
        }
        // The new name must survive a crash as well as the lines that will be appended to it.
        KeyFiles.syncDirectory(directory);
    }
}
