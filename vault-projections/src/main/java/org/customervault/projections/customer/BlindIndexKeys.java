package org.customervault.projections.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.customervault.domain.crypto.BlindIndex;
import org.customervault.domain.crypto.IndexKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The blind-index keys this node makes search tokens with, by version, as table
 * {@code blind_index_key} lists them: the {@code CURRENT} one makes every token written, and while a
 * rotation re-indexes, the {@code RETIRING} one is searched too, so that a customer is found whether
 * the re-indexer has reached them or not. The database, shared by every node, says which versions
 * are live; the keys come from the key store, loaded again whenever the database lists other
 * versions than this node holds. While it holds more than one version (a rotation is re-indexing, or
 * has just retired the old one) it reads them again at every search and every write, so that a
 * retired key leaves its memory at the next one; the rotation's scheduler reads them again every
 * {@code resume-interval} too, so a node that neither searches nor writes drops it within that time.
 */
public final class BlindIndexKeys {

    private static final Logger LOG = LoggerFactory.getLogger(BlindIndexKeys.class);
    static final String CURRENT = "CURRENT";
    static final String DESTROYED = "DESTROYED";

    private static final String LIVE_VERSIONS = """
            SELECT version, state FROM blind_index_key WHERE state <> ? ORDER BY version DESC""";

    /** The tokens made with one key version. */
    record Version(int number, SearchTokens tokens) {
    }

    /** What this node holds: the rows it was loaded for, the current version (null if its key is missing) and every live one, newest first. */
    private record Held(List<Map.Entry<Integer, String>> listed, Version current, List<Version> live) {
    }

    private final JdbcTemplate jdbc;
    private final IndexKeyStore store;
    private volatile Held held;

    public BlindIndexKeys(JdbcTemplate jdbc, IndexKeyStore store) {
        this.jdbc = jdbc;
        this.store = store;
        refresh();
    }

    /** The version in use for new tokens; as this node last read it from the database. */
    public int currentVersion() {
        return current().number();
    }

    Version current() {
        if (held.live().size() > 1) {
            refresh();
        }
        Version current = held.current();
        if (current == null) {
            throw new IllegalStateException("the key store has no key of the blind-index version in use");
        }
        return current;
    }

    /** The versions whose keys this node holds now, newest first; nothing is read. */
    List<Integer> held() {
        return held.live().stream().map(Version::number).toList();
    }

    /** The live versions, read from the database first: for a search, which must not miss a customer during a rotation. */
    List<Version> searchable() {
        refresh();
        return held.live();
    }

    /** Reads which versions are live and loads the keys this node does not hold yet; cheap when nothing changed. */
    public void refresh() {
        List<Map.Entry<Integer, String>> rows = jdbc.query(LIVE_VERSIONS,
                (row, n) -> Map.entry(row.getInt("version"), row.getString("state")), DESTROYED);
        Held before = held;
        if (before != null && before.listed().equals(rows)) {
            return;
        }
        synchronized (this) {
            if (held != null && held.listed().equals(rows)) {
                return;
            }
            Map<Integer, Version> known = new HashMap<>();
            if (held != null) {
                held.live().forEach(version -> known.put(version.number(), version));
            }
            Version current = null;
            List<Version> live = new ArrayList<>();
            for (Map.Entry<Integer, String> row : rows) {
                int number = row.getKey();
                Version version = known.containsKey(number) ? known.get(number) : store.blindIndexKey(number)
                        .map(key -> new Version(number, new SearchTokens(new BlindIndex(key)))).orElse(null);
                if (version == null) {
                    LOG.error("the key store has no blind-index key of version {}, which the database lists as {}:"
                            + " was the database restored from before a blind-index rotation? Rotate the blind-index key"
                            + " to re-index every customer", number, row.getValue());
                } else {
                    live.add(version);
                    if (CURRENT.equals(row.getValue())) {
                        current = version;
                    }
                }
            }
            held = new Held(List.copyOf(rows), current, List.copyOf(live));
        }
    }
}
