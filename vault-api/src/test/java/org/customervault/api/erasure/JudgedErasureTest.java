package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.time.Instant;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.compliance.ErasureLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure decided on a customer as they were (a retention policy's) does not go ahead once the
 * customer has changed since, and leaves nothing pending that a later start would carry out.
 */
class JudgedErasureTest {

    @TempDir
    Path dataDir;

    @Test
    void anActivityAfterTheJudgementStopsTheErasureAndLeavesNothingPending() {
        try (RunningVault vault = RunningVault.start(dataDir)) {
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Judged Customer\"}").json().get("id").asText();
            long judged = 0;
            // the customer comes back between the policy's judgement and the erasure
            assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/interactions", """
                    {"channel": "PHONE", "summary": "Back again", "occurredAt": "%s"}""".formatted(Instant.now()))
                    .status()).isEqualTo(201);
            ErasureProcess erasure = vault.bean(ErasureProcess.class);
            CustomerId customer = CustomerId.of(id);

            assertThatThrownBy(() -> erasure.erase(customer, "retention:inactive", judged))
                    .isInstanceOf(RuntimeException.class);

            assertThat(vault.bean(ErasureLedger.class).find(customer)).as("nothing pending for the next start").isEmpty();
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(200);
            assertThat(erasure.erase(customer, "retention:inactive", 1L).completed()).as("judged as it is now").isTrue();
        }
    }
}
