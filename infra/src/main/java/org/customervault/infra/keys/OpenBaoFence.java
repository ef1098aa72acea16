package org.customervault.infra.keys;

import static org.customervault.infra.keys.OpenBaoErrors.requireSuccess;
import static org.customervault.infra.keys.OpenBaoErrors.unavailable;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Transit store's erasure fence outside the database, in OpenBao's KV engine: the erased
 * subjects spread over at most 256 secrets {@code <mount>/erased-shards/<xx>}, {@code xx} the first
 * byte of the SHA-256 of the subject id in hex, each secret mapping subject id to
 * {@code <erased at> <key ids or -> <certificate hash>}. An erasure is added with check-and-set on the
 * shard's version, so nodes erasing at once lose no entry; an entry is never removed. The number of
 * secrets stays bounded whatever the number of customers or erasures; each shard grows by one short
 * entry per erasure.
 *
 * <p>Every node reads the whole fence at start and again on a schedule ({@link #keepReading}), and
 * adds its own erasures as it writes them, so a database restored from a backup taken before an
 * erasure cannot bring the customer back on any node.
 *
 * <p>The fence is changed outside the vault only by accident or by someone covering an erasure: a
 * shard whose newest version was deleted or destroyed is refused, naming the command that restores
 * it (a node does not start on it, and an erasure cannot be certified until it is undeleted); an
 * entry a node read once and then finds missing (its shard's metadata deleted, or overwritten
 * without it) is written back by that node. {@link #readAt} tells how fresh the fence is.
 */
public final class OpenBaoFence implements ErasureFenceOutsideDatabase, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenBaoFence.class);
    private static final String SHARDS = "/erased-shards";
    private static final int CHECK_AND_SET_LOST = 400;
    private static final int WRITE_ATTEMPTS = 20;

    /** A shard as read: its entries and its KV version (0: none yet). */
    private record Shard(Map<String, String> entries, long version) {
    }

    private final Logical logical;
    private final String mount;
    private final String shards;
    /** The fence as this node knows it: subject id to entry, as read or written. */
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private volatile Instant readAt = Instant.EPOCH;
    private volatile String lastFailure;
    private volatile Consumer<String> erasedElsewhere = subject -> { };
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "erasure-fence-reader");
        thread.setDaemon(true);
        return thread;
    });

    private OpenBaoFence(OpenBaoConnection connection) {
        this.logical = Vault.create(connection.keysConfig()).logical();
        this.mount = connection.settings().mount();
        this.shards = mount + SHARDS;
    }

    /** The fence as OpenBao holds it now. */
    public static OpenBaoFence read(OpenBaoConnection connection) {
        OpenBaoFence fence = new OpenBaoFence(connection);
        fence.refresh();
        return fence;
    }

    /** Reads the fence again every {@code interval}; a failed read keeps what was read before and is tried again. */
    public void keepReading(Duration interval) {
        reader.scheduleWithFixedDelay(() -> {
            try {
                refresh();
                lastFailure = null;
            } catch (KeyStoreUnavailableException e) {
                failed(e.getMessage());
            } catch (RuntimeException e) {
                // another exception's message may quote what OpenBao sent, customer ids included
                failed(e.getClass().getName());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void failed(String reason) {
        lastFailure = reason;
        LOG.warn("the erasure fence in OpenBao could not be read again: {}", reason);
    }

    /** Who to tell of a subject a read of the fence finds erased, by another node or before this one started. */
    public void whenErasedElsewhere(Consumer<String> listener) {
        this.erasedElsewhere = listener;
    }

    /**
     * Reads every shard; entries only ever join the fence. An entry known here and missing from OpenBao
     * is written back.
     */
    public void refresh() {
        Instant started = Instant.now();
        // an entry is known here only once OpenBao holds it: any known before this read must be read
        Map<String, String> lost = new HashMap<>(entries);
        Map<String, String> read = new HashMap<>();
        OpenBaoKv.list(logical, shards).forEach(shard -> read.putAll(readShard(shard).entries()));
        read.forEach((subject, entry) -> {
            if (entries.putIfAbsent(subject, entry) == null) {
                erasedElsewhere.accept(subject);
            }
        });
        lost.keySet().removeAll(read.keySet());
        if (!lost.isEmpty()) {
            lost.entrySet().stream().collect(Collectors.groupingBy(lostEntry -> shardOf(lostEntry.getKey()),
                    Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).forEach(this::add);
            LOG.error("{} erased customers were missing from the erasure fence in OpenBao ({}): written back",
                    lost.size(), shards);
        }
        readAt = started;
    }

    /** When the whole fence was last read from OpenBao; {@link Instant#EPOCH} before the first read. */
    public Instant readAt() {
        return readAt;
    }

    /** Why the last scheduled read failed; empty once a read succeeds again. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public boolean contains(String subjectId) {
        return entries.containsKey(subjectId);
    }

    @Override
    public Set<String> subjects() {
        return Set.copyOf(entries.keySet());
    }

    @Override
    public void append(FenceFile.Entry entry) {
        add(shardOf(entry.subjectId()), Map.of(entry.subjectId(), String.join(" ", entry.erasedAt().toString(),
                entry.keyIds().isEmpty() ? "-" : String.join(",", entry.keyIds()), entry.certificateHash())));
    }

    /**
     * Adds the entries, all of one shard, in one check-and-set write, reading the shard again when another
     * write came first. An entry the shard holds already keeps the shard's text.
     */
    private void add(String shardName, Map<String, String> added) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Shard shard = readShard(shardName);
            Map<String, String> missing = new HashMap<>(added);
            missing.keySet().removeAll(shard.entries().keySet());
            if (missing.isEmpty() || write(shards + "/" + shardName, shard, missing)) {
                added.keySet().forEach(subject -> entries.putIfAbsent(subject,
                        shard.entries().getOrDefault(subject, added.get(subject))));
                return;
            }
        }
        throw new KeyStoreUnavailableException("the erasure fence in OpenBao kept changing under "
                + WRITE_ATTEMPTS + " attempts to add an erasure", null);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }

    private boolean write(String path, Shard shard, Map<String, String> missing) {
        Map<String, Object> written = new HashMap<>(shard.entries());
        written.putAll(missing);
        try {
            int status = logical.write(path, written, null, new WriteOptions().checkAndSet(shard.version()).build())
                    .getRestResponse().getStatus();
            if (status == CHECK_AND_SET_LOST) {
                return false;
            }
            requireSuccess(status);
            return true;
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == CHECK_AND_SET_LOST) {
                return false;
            }
            throw unavailable(e);
        }
    }

    /**
     * The shard's entries and version. A shard whose newest version was deleted or destroyed would read
     * as empty, hiding its erasures: it is refused instead.
     */
    private Shard readShard(String shardName) {
        String path = shards + "/" + shardName;
        OpenBaoKv.Read read = OpenBaoKv.readNewest(logical, path);
        if (read.deletedVersion() > 0) {
            throw new KeyStoreUnavailableException("version " + read.deletedVersion() + " of shard " + shardName
                    + " of the erasure fence in OpenBao (" + path + ") was " + (read.destroyed() ? "destroyed" : "deleted")
                    + ", hiding erasures: " + howToRestore(read, " -mount=" + mount + " " + SHARDS.substring(1) + "/"
                    + shardName) + " (see docs/operations.md)", null);
        }
        return read.data().map(data -> {
            Map<String, String> found = new HashMap<>();
            data.get("data").asObject().forEach(member -> found.put(member.getName(), member.getValue().asString()));
            return new Shard(found, data.get("metadata").asObject().getLong("version", 0));
        }).orElse(new Shard(Map.of(), 0));
    }

    /** The command that brings a deleted or destroyed shard back; {@code secret} names it to the command. */
    private static String howToRestore(OpenBaoKv.Read read, String secret) {
        if (!read.destroyed()) {
            return "restore it with 'bao kv undelete -versions=" + read.deletedVersion() + secret + "'";
        }
        if (read.deletedVersion() > 1) {
            return "restore the version before it with 'bao kv rollback -version=" + (read.deletedVersion() - 1) + secret + "'";
        }
        return "delete the shard with 'bao kv metadata delete" + secret + "': running nodes write back what they read";
    }

    private static String shardOf(String subjectId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
