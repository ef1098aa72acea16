package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.infra.keys.OpenBaoDataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** {@code vault.keys.store}: {@code local}, {@code openbao}, and {@code vault} as its documented alias; nothing else. */
class KeyStoreSettingsTest {

    @TempDir
    Path root;

    @Test
    void vaultIsReadAsOpenBaoSoThatExistingDeploymentsKeepWorking() {
        assertThat(KeyStoreKind.of("vault")).isEqualTo(KeyStoreKind.OPENBAO);
        assertThat(KeyStoreKind.of("openbao")).isEqualTo(KeyStoreKind.OPENBAO);
        assertThat(KeyStoreKind.of(" Local ")).isEqualTo(KeyStoreKind.LOCAL);
        assertThat(bind(Map.of("vault.keys.store", "vault")).store()).isEqualTo(KeyStoreKind.OPENBAO);
    }

    @Test
    void theAliasChoosesTheOpenBaoStoreAsOpenbaoDoes() {
        for (String value : new String[] {"vault", "openbao"}) {
            new ApplicationContextRunner().withPropertyValues("vault.keys.store=" + value)
                    .withUserConfiguration(Chosen.class)
                    .run(context -> assertThat(context).hasBean("openBao").doesNotHaveBean("local"));
        }
        new ApplicationContextRunner().withUserConfiguration(Chosen.class)
                .run(context -> assertThat(context).hasBean("local").doesNotHaveBean("openBao"));
    }

    @Test
    void aVaultConfiguredWithTheAliasStartsOnTheOpenBaoStore() {
        assertThatThrownBy(() -> RunningVault.start(root, Map.of("vault.keys.store", "vault",
                "vault.keys.vault.address", "")).close())
                .as("with no server named, the OpenBao store is what refuses to start")
                .rootCause().hasMessage("vault.keys.store=openbao needs VAULT_ADDR");
    }

    @Test
    void anUnknownKindIsRefusedInWords() {
        assertThatThrownBy(() -> KeyStoreKind.of("valut")).hasMessage(
                "vault.keys.store (VAULT_KEYS_STORE) is 'valut'; it must be local or openbao (vault is read as openbao)");
    }

    @Test
    void aVaultWithAnUnknownKindDoesNotStart() {
        assertThatThrownBy(() -> RunningVault.start(root, Map.of("vault.keys.store", "valut")).close())
                .rootCause().hasMessageContaining("vault.keys.store (VAULT_KEYS_STORE) is 'valut'");
    }

    @Test
    void theServerIsReadFromVaultKeysVaultAsBefore() {
        KeyStoreSettings settings = bind(Map.of("vault.keys.store", "openbao", "vault.keys.vault.address", "https://openbao:8200",
                "vault.keys.vault.mount", "keys"));

        assertThat(settings.openBao().address()).isEqualTo("https://openbao:8200");
        assertThat(settings.openBao().mount()).isEqualTo("keys");
    }

    @Test
    void defaultsLiveInTheRecord() {
        KeyStoreSettings settings = bind(Map.of("vault.keys.vault.app-role-path", ""));

        assertThat(settings.store()).isEqualTo(KeyStoreKind.LOCAL);
        assertThat(settings.cache()).isEqualTo(new KeyStoreSettings.Cache(10_000, Duration.ofMinutes(10)));
        assertThat(settings.openBao().appRolePath()).as("blank, as an unset VAULT_APPROLE_PATH leaves it").isEqualTo("approle");
        assertThat(settings.openBao().mount()).isEqualTo("customer-vault");
        assertThat(settings.openBao().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.openBao().readRetries()).isEqualTo(2);
    }

    @Test
    void openBaoKeepsNewDeploymentsDataKeysAsKvSecretsUnlessTheySayTransit() {
        assertThat(bind(Map.of()).openBao().dataKeys()).isEqualTo(OpenBaoDataKeys.KV);
        assertThat(bind(Map.of("vault.keys.vault.data-keys", "")).openBao().dataKeys())
                .as("blank, as an unset VAULT_DATA_KEYS leaves it").isEqualTo(OpenBaoDataKeys.KV);
        assertThat(bind(Map.of("vault.keys.vault.data-keys", "transit")).openBao().dataKeys()).isEqualTo(OpenBaoDataKeys.TRANSIT);
        assertThat(bind(Map.of()).openBao().transitMount()).isEqualTo("customer-vault-transit");
        assertThat(bind(Map.of()).openBao().fenceReadInterval()).isEqualTo(Duration.ofSeconds(30));
        for (String kv : new String[] {"kv", " KV "}) {
            new ApplicationContextRunner().withPropertyValues("vault.keys.store=openbao", "vault.keys.vault.data-keys=" + kv)
                    .withUserConfiguration(Chosen.class)
                    .run(context -> assertThat(context).hasBean("kv").doesNotHaveBean("transit"));
        }
        new ApplicationContextRunner().withPropertyValues("vault.keys.store=openbao").withUserConfiguration(Chosen.class)
                .run(context -> assertThat(context).hasBean("kv").doesNotHaveBean("transit"));
        new ApplicationContextRunner().withPropertyValues("vault.keys.store=openbao", "vault.keys.vault.data-keys=transit")
                .withUserConfiguration(Chosen.class)
                .run(context -> assertThat(context).hasBean("transit").doesNotHaveBean("kv"));
        new ApplicationContextRunner().withPropertyValues("vault.keys.vault.data-keys=kv").withUserConfiguration(Chosen.class)
                .run(context -> assertThat(context).as("the local store has no data-keys mode")
                        .doesNotHaveBean("transit").doesNotHaveBean("kv"));
        assertThatThrownBy(() -> OpenBaoDataKeys.of("kvv"))
                .hasMessage("vault.keys.vault.data-keys (VAULT_DATA_KEYS) is 'kvv'; it must be kv or transit");
    }

    private static KeyStoreSettings bind(Map<String, String> properties) {
        ApplicationConversionService conversion = new ApplicationConversionService();
        conversion.addConverter(new KeyStoreConfiguration.KindConverter());
        return new Binder(List.of(new MapConfigurationPropertySource(properties)), null, conversion)
                .bindOrCreate("vault.keys", KeyStoreSettings.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Chosen {

        @Bean
        @Conditional(KeyStoreConfiguration.LocalStoreChosen.class)
        String local() {
            return "local";
        }

        @Bean
        @Conditional(KeyStoreConfiguration.OpenBaoChosen.class)
        String openBao() {
            return "openbao";
        }

        @Bean
        @Conditional(KeyStoreConfiguration.KvDataKeysChosen.class)
        String kv() {
            return "kv";
        }

        @Bean
        @Conditional(KeyStoreConfiguration.TransitDataKeysChosen.class)
        String transit() {
            return "transit";
        }
    }
}
