package org.customervault.infra.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.util.PasswordUtil;

/**
 * The role the vault connects as: it owns the vault's database and everything in it, and nothing
 * else. Not a superuser, so server files ({@code pg_read_file}, {@code COPY ... TO PROGRAM}) and
 * other roles are out of its reach. Its password changes at every start and lives only in memory.
 */
final class VaultRole {

    static final String NAME = "vault";

    private static final String ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    /**
     * Databases created by earlier versions belong to the superuser, and so do their tables; the
     * vault's role takes over every relation and routine of its schema so that it can run its
     * migrations and reset its read models ({@code TRUNCATE} needs the owner).
     */
    private static final String TAKE_OVER_SCHEMA = """
            DO $$
            DECLARE
                owned record;
            BEGIN
                ALTER SCHEMA public OWNER TO vault;
                FOR owned IN
                    SELECT c.oid::regclass AS name FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relowner = 'postgres'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                LOOP
                    EXECUTE format('ALTER TABLE %s OWNER TO vault', owned.name);
                END LOOP;
                FOR owned IN
                    SELECT c.oid::regclass AS name FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relowner = 'postgres'::regrole AND c.relkind = 'S'
                LOOP
                    EXECUTE format('ALTER SEQUENCE %s OWNER TO vault', owned.name);
                END LOOP;
                FOR owned IN
                    SELECT p.oid::regprocedure AS name FROM pg_proc p
                    JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND p.proowner = 'postgres'::regrole
                LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO vault', owned.name);
                END LOOP;
            END
            $$
            """;

    private VaultRole() {
    }

    /** Creates or updates the role and its database, connected as the superuser. */
    static void provision(DataSource superuserOnServer, DataSource superuserOnVaultDatabase, String database,
                          String password) {
        try (Connection connection = superuserOnServer.getConnection(); Statement statement = connection.createStatement()) {
            // DDL takes no parameters: the statement carries the password's SCRAM verifier, never the password
            String verb = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", NAME) ? "ALTER" : "CREATE";
            statement.execute(verb + " ROLE " + NAME + " WITH " + ATTRIBUTES + " PASSWORD '"
                    + PasswordUtil.encodeScramSha256(password.toCharArray()) + "'");
            if (exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("ALTER DATABASE " + database + " OWNER TO " + NAME);
            } else {
                statement.execute("CREATE DATABASE " + database + " OWNER " + NAME);
            }
        } catch (SQLException e) {
            // without the cause: a message about the role statement could quote its verifier
            throw new IllegalStateException("cannot set up the vault's database role: SQL state " + e.getSQLState());
        }
        try (Connection connection = superuserOnVaultDatabase.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(TAKE_OVER_SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand the vault's schema to its role: " + e.getSQLState(), e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
