package org.customervault.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Connections of a part of the vault's own, to the vault's database with the vault's settings, so
 * that what holds them cannot take the connections the vault's requests need, nor be starved by
 * them. Not a {@link DataSource} bean: the vault's pool stays the only one Spring injects.
 */
public final class SeparatePool implements AutoCloseable {

    private final HikariDataSource pool;

    private SeparatePool(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * A pool of {@code size} connections configured as the vault's own pool is, named {@code name}
     * (also its connections' {@code application_name} in PostgreSQL).
     */
    public static SeparatePool like(DataSource vaultPool, String name, int size) {
        HikariConfig config = new HikariConfig();
        hikari(vaultPool, name).copyStateTo(config);
        // copied by reference: the name added below must not label the vault's own connections
        Properties driverProperties = new Properties();
        driverProperties.putAll(config.getDataSourceProperties());
        config.setDataSourceProperties(driverProperties);
        config.setPoolName(name);
        config.addDataSourceProperty("ApplicationName", name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new SeparatePool(new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static HikariDataSource hikari(DataSource vaultPool, String name) {
        try {
            return vaultPool.unwrap(HikariDataSource.class);
        } catch (SQLException notHikari) {
            throw new IllegalStateException(name + " takes its connections' settings from the vault's HikariCP pool;"
                    + " this DataSource is a " + vaultPool.getClass().getName(), notHikari);
        }
    }
}
