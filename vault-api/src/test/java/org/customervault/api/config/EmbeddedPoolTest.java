package org.customervault.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's pool takes {@code spring.datasource.hikari.*} as an external database's does. */
class EmbeddedPoolTest {

    @TempDir
    Path root;

    @Test
    void theEmbeddedPoolTakesTheHikariSettings() {
        try (RunningVault vault = RunningVault.start(root, Map.of("spring.datasource.hikari.maximum-pool-size", 5))) {
            HikariDataSource pool = (HikariDataSource) vault.bean(DataSource.class);

            assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
            assertThat(pool.getPoolName()).isEqualTo("vault-embedded");
            assertThat(pool.getDataSourceProperties()).containsEntry("logServerErrorDetail", "false");
        }
    }
}
