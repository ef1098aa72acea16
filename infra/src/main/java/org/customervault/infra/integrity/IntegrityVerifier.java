package org.customervault.infra.integrity;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks every chain against the rows as the tables hold them now and against the signed
 * checkpoints: walks each log's links in order, in one snapshot of the database and in chunks
 * (a cursor), recomputing each row's hash and each link, and reports the first place where the
 * evidence disagrees. Needs only a connection and the public signing key, so the same check runs
 * in the vault and from the command line.
 */
public final class IntegrityVerifier {

    private static final int FETCH = 1_000;

    private final PublicKey publicKey;

    public IntegrityVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * Checks the chains in the database behind {@code connection}, which is left as it was found;
     * {@code kept} is the checkpoint kept outside the database, if the caller has it.
     */
    public IntegrityReport verify(Connection connection, Optional<String> kept) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        // one snapshot for every log and checkpoint, whatever the chainer commits meanwhile
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            return verifyInSnapshot(connection, kept);
        } finally {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    private IntegrityReport verifyInSnapshot(Connection connection, Optional<String> kept) throws SQLException {
        List<IntegrityReport.Break> breaks = new ArrayList<>();
        Map<ChainedLog, TreeMap<Long, Signed>> signedLinks = new EnumMap<>(ChainedLog.class);
        for (ChainedLog log : ChainedLog.values()) {
            signedLinks.put(log, new TreeMap<>());
        }
        Checkpoint newest = null;
        boolean newestKeptOutside = false;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sequence, jws FROM integrity_checkpoint ORDER BY sequence")) {
            statement.setFetchSize(FETCH);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Optional<Checkpoint> checkpoint = Checkpoint.verified(publicKey, row.getString("jws"));
                    if (checkpoint.isEmpty() || checkpoint.get().sequence() != row.getLong("sequence")) {
                        breaks.add(new IntegrityReport.Break(IntegrityReport.CHECKPOINTS, row.getLong("sequence"), null,
                                IntegrityReport.LINK_REWRITTEN, "this checkpoint is not signed by the given key"));
                        continue;
                    }
                    remember(checkpoint.get(), signedLinks);
                    newest = checkpoint.get();
                }
            }
        }
        if (kept.isPresent()) {
            Optional<Checkpoint> outside = Checkpoint.verified(publicKey, kept.get());
            if (outside.isEmpty()) {
                breaks.add(new IntegrityReport.Break(IntegrityReport.CHECKPOINTS, null, null, IntegrityReport.LINK_REWRITTEN,
                        "the checkpoint kept outside the database is not signed by the given key"));
            } else {
                remember(outside.get(), signedLinks);
                if (newest == null || outside.get().sequence() >= newest.sequence()) {
                    newest = outside.get();
                    newestKeptOutside = true;
                }
            }
        }
        Map<String, Long> checked = new LinkedHashMap<>();
        IntegrityReport.Break first = null;
        for (ChainedLog log : ChainedLog.values()) {
            Walk walk = walk(connection, log, signedLinks.get(log), newest);
            checked.put(log.label(), walk.intactRows());
            if (first == null && walk.firstBreak() != null) {
                first = walk.firstBreak();
            }
        }
        if (first == null && !breaks.isEmpty()) {
            first = breaks.get(0);
        }
        IntegrityReport.Signed relied = newest == null ? null
                : new IntegrityReport.Signed(newest.sequence(), newest.signedAt().toString(), newestKeptOutside);
        return new IntegrityReport(first == null, checked, first, relied);
    }

    /** A signed link, and the checkpoint that signed it. */
    private record Signed(long checkpoint, byte[] link) {
    }

    private static void remember(Checkpoint checkpoint, Map<ChainedLog, TreeMap<Long, Signed>> signedLinks) {
        for (ChainedLog log : ChainedLog.values()) {
            Checkpoint.Head head = checkpoint.head(log);
            if (head.position() > 0) {
                signedLinks.get(log).putIfAbsent(head.position(), new Signed(checkpoint.sequence(), head.link()));
            }
        }
    }

    private record Walk(long intactRows, IntegrityReport.Break firstBreak) {
    }

    private static Walk walk(Connection connection, ChainedLog log, TreeMap<Long, Signed> signed, Checkpoint newest)
            throws SQLException {
        long expected = 1;
        byte[] previous = new byte[0];
        try (PreparedStatement statement = connection.prepareStatement(log.linksWithRows)) {
            statement.setFetchSize(FETCH);
            statement.setString(1, log.label());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long position = row.getLong("position");
                    String key = row.getString("row_key");
                    if (position != expected) {
                        return broken(log, expected, expected, null, IntegrityReport.DELETED, "no link at this position");
                    }
                    if (row.getString("found_key") == null) {
                        return broken(log, expected, position, key, IntegrityReport.DELETED, "the chained row is gone");
                    }
                    Long place = row.getObject("found_place", Long.class);
                    long chainedAt = row.getLong("row_place");
                    if (place == null || place != chainedAt) {
                        return broken(log, expected, position, key, IntegrityReport.REORDERED,
                                "chained at place " + chainedAt + ", now at " + place);
                    }
                    byte[] rowHash = log.rowHash(row);
                    if (!Arrays.equals(rowHash, row.getBytes("row_hash"))) {
                        return broken(log, expected, position, key, IntegrityReport.CHANGED, "the row is not the one chained");
                    }
                    byte[] link = log.link(position, previous, rowHash);
                    if (!Arrays.equals(link, row.getBytes("link"))) {
                        return broken(log, expected, position, key, IntegrityReport.LINK_REWRITTEN,
                                "the stored link does not follow from the chain before it");
                    }
                    Signed checkpoint = signed.get(position);
                    if (checkpoint != null && !Arrays.equals(checkpoint.link(), link)) {
                        return broken(log, expected, position, key, IntegrityReport.LINK_REWRITTEN,
                                "checkpoint " + checkpoint.checkpoint() + " signed another chain up to here");
                    }
                    previous = link;
                    expected++;
                }
            }
        }
        long intact = expected - 1;
        if (newest == null) {
            return new Walk(intact, null);
        }
        Checkpoint.Head head = newest.head(log);
        if (head.position() > intact) {
            return new Walk(intact, new IntegrityReport.Break(log.label(), expected, null, IntegrityReport.TRUNCATED,
                    "checkpoint " + newest.sequence() + " signed the chain up to position " + head.position()));
        }
        try (PreparedStatement statement = connection.prepareStatement(log.firstUnlinkedRow)) {
            statement.setLong(1, head.through());
            statement.setString(2, log.label());
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    return new Walk(intact, new IntegrityReport.Break(log.label(), null, row.getString(1),
                            IntegrityReport.INSERTED_UNCHAINED, "a row no link names, placed where checkpoint "
                            + newest.sequence() + " says every row was chained"));
                }
            }
        }
        return new Walk(intact, null);
    }

    private static Walk broken(ChainedLog log, long expected, long position, String key, String kind, String detail) {
        return new Walk(expected - 1, new IntegrityReport.Break(log.label(), position, key, kind, detail));
    }
}
