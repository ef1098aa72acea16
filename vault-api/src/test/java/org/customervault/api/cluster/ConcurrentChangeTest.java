package org.customervault.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes that change one customer at the same moment both try to store an event at the same
 * sequence number; PostgreSQL keeps the first, and the second must be told as a concurrent change
 * (answered 409, try again), not as a failure of the store (500).
 */
class ConcurrentChangeTest {

    @TempDir
    Path dataDir;

    @Test
    void cannotStoreASecondEventAtASequenceNumberAlreadyTaken() {
        try (RunningVault vault = RunningVault.start(dataDir)) {
            String id = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"Dos Nodos\", \"email\": \"two.nodes@example.com\"}").json().get("id").asText();
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+5491155556666\"}").status()).isEqualTo(200);
            GenericDomainEventMessage<ProcessingRestrictionLiftedEvent> atTakenSequence = new GenericDomainEventMessage<>(
                    "Customer", id, 1, new ProcessingRestrictionLiftedEvent(CustomerId.of(id)));

            assertThatThrownBy(() -> vault.bean(EventStorageEngine.class).appendEvents(atTakenSequence))
                    .isInstanceOf(ConcurrencyException.class);
        }
    }
}
