package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence file's format: appended, read back, a repeated erasure kept once, a torn last line cut off, owner-only. */
class FenceFileTest {

    private static final String HASH_A = "sha256:" + "a".repeat(64);
    private static final String HASH_B = "sha256:" + "b".repeat(64);

    @TempDir
    Path keys;

    private Path file() {
        return keys.resolve("keys").resolve("erasure-fence");
    }

    @Test
    void appendsOneLinePerErasureAndReadsThemBackAfterAReopen() throws Exception {
        FenceFile fence = FenceFile.openOrCreate(file());
        FenceFile.Entry first = new FenceFile.Entry("subject-a", Instant.parse("2026-11-30T13:30:30.123456Z"),
                List.of("key-1", "key-2"), HASH_A);
        FenceFile.Entry neverHadAKey = new FenceFile.Entry("subject-b", Instant.parse("2026-11-30T13:31:00Z"), List.of(), HASH_B);

        fence.append(first);
        fence.append(neverHadAKey);

        assertThat(Files.readAllLines(file())).containsExactly(
                "erased subject-a 2026-11-30T13:30:30.123456Z key-1,key-2 " + HASH_A,
                "erased subject-b 2026-11-30T13:31:00Z - " + HASH_B);
        assertThat(FenceFile.read(file())).containsExactly(first, neverHadAKey);
        assertThat(FenceFile.openOrCreate(file()).subjects()).containsExactlyInAnyOrder("subject-a", "subject-b");
        assertThat(FenceFile.openOrCreate(file()).contains("subject-c")).isFalse();
    }

    @Test
    void aRepeatedErasureKeepsItsFirstLine() throws Exception {
        FenceFile.Entry first = new FenceFile.Entry("subject-a", Instant.parse("2026-11-30T13:30:30Z"), List.of("key-1"), HASH_A);
        FenceFile.openOrCreate(file()).append(first);

        FenceFile reopened = FenceFile.openOrCreate(file());
        reopened.append(new FenceFile.Entry("subject-a", Instant.parse("2026-12-01T00:00:00Z"), List.of(), HASH_B));
        reopened.append(first);

        assertThat(FenceFile.read(file())).containsExactly(first);
    }

    @Test
    void aLastLineTornByACrashIsCutOffAndTheNextAppendStartsALineOfItsOwn() throws Exception {
        FenceFile.Entry kept = new FenceFile.Entry("subject-a", Instant.parse("2026-11-30T13:30:30Z"), List.of("key-1"), HASH_A);
        FenceFile.openOrCreate(file()).append(kept);
        Files.writeString(file(), "erased subject-b 2026-11-30T13:3", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        FenceFile repaired = FenceFile.openOrCreate(file());
        FenceFile.Entry next = new FenceFile.Entry("subject-b", Instant.parse("2026-11-30T13:40:00Z"), List.of("key-2"), HASH_B);
        repaired.append(next);

        assertThat(FenceFile.read(file())).containsExactly(kept, next);
        assertThat(repaired.subjects()).containsExactlyInAnyOrder("subject-a", "subject-b");
    }

    /** Another node sharing the key directory is half-way through an append: a node starting now must not cut that line. */
    @Test
    void aNodeStartingWhileAnotherAppendsWaitsForTheLineInsteadOfCuttingIt() throws Exception {
        FenceFile.openOrCreate(file());
        String line = "erased subject-b 2026-11-30T13:40:00Z key-2 " + HASH_B;
        // another process, with the same POSIX record lock the vault takes
        Process otherNode = new ProcessBuilder("python3", "-c", """
                import fcntl, sys
                with open(sys.argv[1], "a") as fence:
                    fcntl.lockf(fence, fcntl.LOCK_EX)
                    fence.write(sys.argv[2][:20]); fence.flush()
                    print("half", flush=True)
                    sys.stdin.readline()
                    fence.write(sys.argv[2][20:] + "\\n"); fence.flush()
                """, file().toString(), line).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(otherNode.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(said.readLine()).isEqualTo("half");

            CompletableFuture<FenceFile> starting = CompletableFuture.supplyAsync(() -> FenceFile.openOrCreate(file()));
            assertThatThrownBy(() -> starting.get(500, TimeUnit.MILLISECONDS)).as("waits for the other node's lock")
                    .isInstanceOf(TimeoutException.class);
            try (OutputStream finish = otherNode.getOutputStream()) {
                finish.write('\n');
            }

            assertThat(starting.get(10, TimeUnit.SECONDS).contains("subject-b")).isTrue();
        } finally {
            otherNode.waitFor(10, TimeUnit.SECONDS);
            otherNode.destroyForcibly();
        }
        assertThat(FenceFile.read(file())).extracting(FenceFile.Entry::subjectId).containsExactly("subject-b");
    }

    @Test
    void aCompleteLineThatDoesNotReadStopsTheStart() throws Exception {
        FenceFile.openOrCreate(file());
        Files.writeString(file(), "erased subject-a yesterday - " + HASH_A + "\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> FenceFile.openOrCreate(file()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("line 1");
    }

    @Test
    void isCreatedOwnerOnlyAndRefusedWhenOthersMayReadIt() throws Exception {
        FenceFile.openOrCreate(file());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent()))).isEqualTo("rwx------");

        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> FenceFile.openOrCreate(file()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAnEntryThatWouldNotReadBack() {
        assertThatThrownBy(() -> new FenceFile.Entry("subject a", Instant.now(), List.of(), HASH_A))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FenceFile.Entry("subject-a", Instant.now(), List.of("key,1"), HASH_A))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
