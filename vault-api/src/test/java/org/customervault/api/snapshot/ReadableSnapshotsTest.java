package org.customervault.api.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.customervault.domain.customer.Customer;
import org.customervault.domain.customer.CustomerSnapshot;
import org.junit.jupiter.api.Test;

class ReadableSnapshotsTest {

    private static final String CUSTOMER = "0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11";

    @Test
    void readsCustomerSnapshotsOfTheCurrentRevisionOnly() {
        ReadableSnapshots readable = new ReadableSnapshots(true);

        assertThat(readable.allow(stored(CustomerSnapshot.class.getName(), CustomerSnapshot.REVISION))).isTrue();
        assertThat(readable.allow(stored(CustomerSnapshot.class.getName(), "99"))).isFalse();
        assertThat(readable.allow(stored(CustomerSnapshot.class.getName(), null))).isFalse();
        assertThat(readable.allow(stored(Customer.class.getName(), null))).as("the aggregate object itself").isFalse();
    }

    @Test
    void readsNoneWhileSnapshotsAreOff() {
        assertThat(new ReadableSnapshots(false).allow(stored(CustomerSnapshot.class.getName(), CustomerSnapshot.REVISION)))
                .isFalse();
        assertThat(new SnapshotSettings(0).enabled()).isFalse();
        assertThatThrownBy(() -> new SnapshotSettings(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static GenericDomainEventEntry<byte[]> stored(String type, String revision) {
        return new GenericDomainEventEntry<>("Customer", CUSTOMER, 250, "3f9d8c7b-6a5e-4d3c-8b2a-1f0e9d8c7b6a",
                Instant.parse("2026-01-01T00:00:00Z"), type, revision, new byte[0], new byte[0]);
    }
}
