package org.customervault.api.config;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Without {@code spring.datasource.url}, the vault starts its own PostgreSQL under
 * {@code <data dir>/pg}; with it, Spring Boot connects to that external database instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(VaultProperties properties) {
        return EmbeddedPostgresServer.start(DataDirectory.ensure(properties.dataDir()));
    }

    @Bean
    DataSource dataSource(EmbeddedPostgresServer postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        // PostgreSQL's details ("Failing row contains ...") would put ciphertexts and tokens in messages and logs
        dataSource.addDataSourceProperty("logServerErrorDetail", "false");
        dataSource.setMaximumPoolSize(16);
        dataSource.setPoolName("vault-embedded");
        return dataSource;
    }

    static class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = Binder.get(context.getEnvironment())
                    .bind("spring.datasource.url", Bindable.of(String.class)).orElse("");
            return !StringUtils.hasText(url);
        }
    }
}
