package org.customervault.api.security.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.customervault.api.security.Role;
import org.customervault.api.security.RoleNames;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The users ADMIN manages ({@code api_user}), shared by every node and read at every sign-in, so that
 * a change holds everywhere once it commits. Names compare case-insensitively.
 */
@Component
public class ManagedUsers {

    private static final String COLUMNS = "name, password_hash, roles, created_at, created_by, updated_at";

    private final JdbcTemplate jdbc;

    ManagedUsers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ManagedUser> find(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_user WHERE lower(name) = lower(?)", ManagedUsers::user, name)
                .stream().findFirst();
    }

    List<ManagedUser> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_user ORDER BY lower(name)", ManagedUsers::user);
    }

    /** Empty if the name is taken. */
    Optional<ManagedUser> insert(String name, String bcrypt, List<Role> roles, String createdBy) {
        try {
            return jdbc.query("""
                    INSERT INTO api_user (name, password_hash, roles, created_at, created_by, updated_at)
                    VALUES (?, ?, ?::VARCHAR(16)[], now(), ?, now())
                    RETURNING %s""".formatted(COLUMNS), ManagedUsers::user,
                    name, bcrypt, RoleNames.column(roles), createdBy).stream().findFirst();
        } catch (DuplicateKeyException nameTaken) {
            return Optional.empty();
        }
    }

    /** Changes what is given (a null keeps the stored value); empty if there is no such user. */
    Optional<ManagedUser> update(String name, String bcrypt, List<Role> roles) {
        return jdbc.query("""
                UPDATE api_user SET password_hash = coalesce(?, password_hash),
                    roles = coalesce(?::VARCHAR(16)[], roles), updated_at = now()
                WHERE lower(name) = lower(?)
                RETURNING %s""".formatted(COLUMNS), ManagedUsers::user,
                bcrypt, roles == null ? null : RoleNames.column(roles), name).stream().findFirst();
    }

    boolean delete(String name) {
        return jdbc.update("DELETE FROM api_user WHERE lower(name) = lower(?)", name) > 0;
    }

    private static ManagedUser user(ResultSet row, int index) throws SQLException {
        return new ManagedUser(row.getString("name"), row.getString("password_hash"),
                Arrays.stream((String[]) row.getArray("roles").getArray()).map(Role::valueOf).toList(),
                row.getTimestamp("created_at").toInstant(), row.getString("created_by"),
                row.getTimestamp("updated_at").toInstant());
    }

    /** {@code passwordHash}: bcrypt, {@code $2a$...}. */
    public record ManagedUser(String name, String passwordHash, List<Role> roles, Instant createdAt, String createdBy,
                              Instant updatedAt) {
    }
}
