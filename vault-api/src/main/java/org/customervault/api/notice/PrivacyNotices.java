package org.customervault.api.notice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Table {@code privacy_notice}: each version's text, written once. A consent proves what the customer was shown by
 * the SHA-256 of the text, so a version's text never changes; a correction is a new version.
 */
@Component
public class PrivacyNotices {

    /** Inserts or leaves the stored text alone: of two registrations of one version racing, the first one wins. */
    private static final String REGISTER = """
            INSERT INTO privacy_notice (version, text, language, sha256) VALUES (?, ?, ?, ?)
            ON CONFLICT (version) DO NOTHING""";

    private static final String FIND = """
            SELECT version, text, language, sha256, registered_at FROM privacy_notice WHERE version = ?""";

    /** The newest first: the version in force is the one an agent names when recording a consent. */
    private static final String LATEST = """
            SELECT version, text, language, sha256, registered_at FROM privacy_notice
            ORDER BY registered_at DESC, version DESC LIMIT ?""";

    /** A registered notice. */
    public record Notice(String version, String text, String language, String sha256, Instant registeredAt) {
    }

    /** What registering a version did. */
    public enum Registration { REGISTERED, ALREADY_REGISTERED, CONFLICTS }

    private final JdbcTemplate jdbc;

    PrivacyNotices(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers the version's text, or finds it registered: with the same text (and language) nothing changes, with
     * another it {@link Registration#CONFLICTS}.
     */
    Registration register(String version, String text, String language) {
        String sha256 = sha256(text);
        if (jdbc.update(REGISTER, version, text, language, sha256) == 1) {
            return Registration.REGISTERED;
        }
        Notice stored = find(version).orElseThrow();
        boolean same = stored.sha256().equals(sha256) && Objects.equals(stored.language(), language);
        return same ? Registration.ALREADY_REGISTERED : Registration.CONFLICTS;
    }

    public Optional<Notice> find(String version) {
        return jdbc.query(FIND, PrivacyNotices::notice, version).stream().findFirst();
    }

    /** The versions registered, newest first, at most {@code limit}. */
    public List<Notice> latest(int limit) {
        return jdbc.query(LATEST, PrivacyNotices::notice, limit);
    }

    private static Notice notice(ResultSet row, int number) throws SQLException {
        return new Notice(row.getString("version"), row.getString("text"), row.getString("language"),
                row.getString("sha256"), row.getTimestamp("registered_at").toInstant());
    }

    /** The hexadecimal SHA-256 of the text's UTF-8 bytes, which anyone holding the text can compute again. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
