package org.customervault.api.access;

import javax.sql.DataSource;
import org.customervault.api.config.SeparatePool;

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

    private final SeparatePool pool;

    private AccessLogConnections(SeparatePool pool) {
        this.pool = pool;
    }

    /** A pool of {@code size} connections configured as the vault's own pool is. */
    static AccessLogConnections like(DataSource vaultPool, int size) {
        return new AccessLogConnections(SeparatePool.like(vaultPool, NAME, size));
    }

    DataSource dataSource() {
        return pool.dataSource();
    }

    @Override
    public void close() {
        pool.close();
    }
}
