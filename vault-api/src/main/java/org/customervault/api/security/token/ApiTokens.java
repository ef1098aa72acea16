package org.customervault.api.security.token;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.customervault.api.security.Role;
import org.customervault.api.security.RoleNames;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The API tokens' rows ({@code api_token}), shared by every node and read on every request, so that a
 * revocation holds everywhere once it commits.
 */
@Component
public class ApiTokens {

    private static final String COLUMNS = "id, name, roles, created_at, created_by, expires_at, revoked_at, revoked_by";

    private final JdbcTemplate jdbc;

    ApiTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new token; empty if the name is taken (by a live or a revoked token). */
    Optional<StoredToken> insert(UUID id, String name, byte[] secretHash, List<Role> roles, Instant expiresAt,
                                 String createdBy) {
        try {
            return jdbc.query("""
                    INSERT INTO api_token (id, name, secret_hash, roles, created_at, created_by, expires_at)
                    VALUES (?, ?, ?, ?::VARCHAR(16)[], now(), ?, ?)
                    RETURNING %s""".formatted(COLUMNS), ApiTokens::token,
                    id, name, secretHash, RoleNames.column(roles), createdBy,
                    expiresAt == null ? null : Timestamp.from(expiresAt)).stream().findFirst();
        } catch (DuplicateKeyException nameTaken) {
            return Optional.empty();
        }
    }

    List<StoredToken> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token ORDER BY created_at, name", ApiTokens::token);
    }

    /** The token with this secret's hash if it is neither revoked nor expired, by the database's clock. */
    Optional<StoredToken> active(byte[] secretHash) {
        return jdbc.query("""
                SELECT %s FROM api_token
                WHERE secret_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())"""
                .formatted(COLUMNS), ApiTokens::token, (Object) secretHash).stream().findFirst();
    }

    Optional<StoredToken> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token WHERE id = ?", ApiTokens::token, id)
                .stream().findFirst();
    }

    /** Revokes the token; a token revoked before stays as it was. Empty if there is no such token. */
    Optional<StoredToken> revoke(UUID id, String revokedBy) {
        jdbc.update("UPDATE api_token SET revoked_at = now(), revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                revokedBy, id);
        return find(id);
    }

    private static StoredToken token(ResultSet row, int index) throws SQLException {
        Array roles = row.getArray("roles");
        return new StoredToken(row.getObject("id", UUID.class), row.getString("name"),
                Arrays.stream((String[]) roles.getArray()).map(Role::valueOf).toList(),
                instant(row.getTimestamp("created_at")), row.getString("created_by"),
                instant(row.getTimestamp("expires_at")), instant(row.getTimestamp("revoked_at")),
                row.getString("revoked_by"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A token as stored: everything but its secret, which is never stored. */
    record StoredToken(UUID id, String name, List<Role> roles, Instant createdAt, String createdBy, Instant expiresAt,
                       Instant revokedAt, String revokedBy) {
    }
}
