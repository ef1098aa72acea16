package org.customervault.api.access;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The access log's own database connections, to the vault's database with the vault's settings.
 * A read holds one of the vault's connections while it waits for its access-log entry to be
 * durable; were the writers to draw from the same pool, a burst of reads would take every
 * connection and leave the writers none, and every read would fail closed after its wait. The
 * officer's queries of the log use the vault's pool, so they cannot take the writers' connections.
 */
final class AccessLogConnections implements AutoCloseable {

    /** The pool's name, and its connections' {@code application_name} in PostgreSQL. */
    static final String NAME = "vault-access-log";

    private final HikariDataSource pool;

    private AccessLogConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    /** A pool of {@code size} connections configured as the vault's own pool is. */
    static AccessLogConnections like(DataSource vaultPool, int size) {
        HikariConfig config = new HikariConfig();
        hikari(vaultPool).copyStateTo(config);
        // copied by reference: the name added below must not label the vault's own connections
        Properties driverProperties = new Properties();
        driverProperties.putAll(config.getDataSourceProperties());
        config.setDataSourceProperties(driverProperties);
        config.setPoolName(NAME);
        config.addDataSourceProperty("ApplicationName", NAME);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new AccessLogConnections(new HikariDataSource(config));
    }

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static HikariDataSource hikari(DataSource vaultPool) {
        try {
            return vaultPool.unwrap(HikariDataSource.class);
        } catch (SQLException notHikari) {
            throw new IllegalStateException("the access log takes its connections' settings from the vault's"
                    + " HikariCP pool; this DataSource is a " + vaultPool.getClass().getName(), notHikari);
        }
    }
}
