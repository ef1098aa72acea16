package org.customervault.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.util.List;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator scrapes from /actuator/prometheus: the meters exist, and none names a customer or shows a value. */
class MetricsTest {

    @TempDir
    Path data;

    private final Canaries canaries = new Canaries();

    @Test
    void everyMeterAnOperatorWatchesIsScrapedWithoutACustomerInIt() throws Exception {
        try (RunningVault vault = RunningVault.start(data)) {
            String email = canaries.next("mail") + "@example.com";
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s %s\", \"email\": \"%s\"}"
                    .formatted(canaries.next("name"), canaries.next("surname"), email)).json().get("id").asText();
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers?q=" + email).status()).isEqualTo(200);
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null).status()).isEqualTo(200);

            assertThat(vault.get(AGENT, "/actuator/prometheus").status()).as("operators only").isEqualTo(403);
            String scrape = vault.get(ADMIN, "/actuator/prometheus").body();

            assertThat(scrape).contains(
                    "commandBus_",
                    "eventProcessor_successCounter_total{application=\"customer-vault\",payloadType=\"CustomerRegisteredEvent\",processorName=\"customer-view\"}",
                    "eventProcessor_allTimer_seconds_count{application=\"customer-vault\",payloadType=\"CustomerRegisteredEvent\",processorName=\"customer-timeline\"}",
                    "eventProcessor_latency{application=\"customer-vault\",processorName=\"customer-view\"}",
                    "payloadType=\"RegisterCustomerCommand\"",
                    "vault_eventstore_append_seconds_count",
                    "vault_crypto_operations_seconds_count{application=\"customer-vault\",operation=\"encrypt\",outcome=\"success\"}",
                    "vault_crypto_operations_seconds_count{application=\"customer-vault\",operation=\"decrypt\",outcome=\"success\"}",
                    "cache_gets_total{application=\"customer-vault\",cache=\"vault.keys.reading\"",
                    "cache_evictions_total{application=\"customer-vault\",cache=\"vault.keys.writing\"",
                    "cache_gets_total{application=\"customer-vault\",cache=\"vault.customers\",result=\"hit\"}",
                    "vault_keystore_calls_seconds_count{application=\"customer-vault\",operation=\"key-for-writing\",outcome=\"success\"}",
                    "vault_keystore_calls_seconds_count{application=\"customer-vault\",operation=\"destroy\",outcome=\"success\"}",
                    "vault_erasures_seconds_count{application=\"customer-vault\"} 1",
                    "vault_erasures_pending{application=\"customer-vault\"} 0",
                    "vault_processor_lag_events{application=\"customer-vault\",processor=\"customer-view\"}",
                    "vault_processor_lag_events{application=\"customer-vault\",processor=\"customer-timeline\"}",
                    "hikaricp_connections_active");
            assertThat(scrape).as("no customer id as a tag").doesNotContain(id);
            Path scraped = data.resolve("scrape.txt");
            java.nio.file.Files.writeString(scraped, scrape);
            assertThat(canaries.findIn(List.of(scraped))).as("no personal value in the metrics").isEmpty();
        }
    }
}
