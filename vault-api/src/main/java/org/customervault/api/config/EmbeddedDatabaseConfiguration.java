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
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Without {@code spring.datasource.url}, the vault starts its own PostgreSQL under
 * {@code <data dir>/pg}; with it, Spring Boot connects to that external database instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
public class EmbeddedDatabaseConfiguration {

    static final String HIKARI = "spring.datasource.hikari";

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(DataDirectory data) {
        return EmbeddedPostgresServer.start(data.ensured());
    }

    /**
     * The pool takes {@code spring.datasource.hikari.*} (e.g. {@code SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE}) as
     * an external database's pool does, with the same default size from application.yml; the server's address
     * and credentials are the embedded server's own.
     */
    @Bean
    DataSource dataSource(EmbeddedPostgresServer postgres, Environment environment) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("vault-embedded");
        Binder.get(environment).bind(HIKARI, Bindable.ofInstance(dataSource));
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        // PostgreSQL's details ("Failing row contains ...") would put ciphertexts and tokens in messages and logs
        dataSource.addDataSourceProperty("logServerErrorDetail", "false");
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
