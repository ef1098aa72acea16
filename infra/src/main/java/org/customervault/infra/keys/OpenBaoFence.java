package org.customervault.infra.keys;

import static org.customervault.infra.keys.OpenBaoErrors.requireSuccess;
import static org.customervault.infra.keys.OpenBaoErrors.unavailable;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final String shards;
    private final Set<String> subjects = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "erasure-fence-reader");
        thread.setDaemon(true);
        return thread;
    });

    private OpenBaoFence(OpenBaoConnection connection) {
        this.logical = Vault.create(connection.keysConfig()).logical();
        this.shards = connection.settings().mount() + SHARDS;
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
            } catch (RuntimeException e) {
                LOG.warn("the erasure fence in OpenBao could not be read again: {}", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads every shard; entries only ever join the fence. */
    public void refresh() {
        OpenBaoKv.list(logical, shards).forEach(shard -> subjects.addAll(readShard(shards + "/" + shard).entries().keySet()));
    }

    @Override
    public boolean contains(String subjectId) {
        return subjects.contains(subjectId);
    }

    @Override
    public Set<String> subjects() {
        return Set.copyOf(subjects);
    }

    /** Adds the entry to its shard with check-and-set, reading the shard again when another write came first. */
    @Override
    public void append(FenceFile.Entry entry) {
        String path = shards + "/" + shardOf(entry.subjectId());
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Shard shard = readShard(path);
            if (shard.entries().containsKey(entry.subjectId()) || write(path, shard, entry)) {
                subjects.add(entry.subjectId());
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

    private boolean write(String path, Shard shard, FenceFile.Entry entry) {
        Map<String, Object> entries = new HashMap<>(shard.entries());
        entries.put(entry.subjectId(), String.join(" ", entry.erasedAt().toString(),
                entry.keyIds().isEmpty() ? "-" : String.join(",", entry.keyIds()), entry.certificateHash()));
        try {
            int status = logical.write(path, entries, null, new WriteOptions().checkAndSet(shard.version()).build())
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

    private Shard readShard(String path) {
        return OpenBaoKv.read(logical, path, null).map(response -> {
            JsonObject data = Json.parse(new String(response.getRestResponse().getBody(), StandardCharsets.UTF_8))
                    .asObject().get("data").asObject();
            Map<String, String> entries = new HashMap<>();
            data.get("data").asObject().forEach(member -> entries.put(member.getName(), member.getValue().asString()));
            return new Shard(entries, data.get("metadata").asObject().getLong("version", 0));
        }).orElse(new Shard(Map.of(), 0));
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
