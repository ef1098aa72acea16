package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.customervault.domain.crypto.CacheLease;
import org.junit.jupiter.api.Test;

class CustomerCacheTest {

    private final CacheLease lease = new CacheLease();
    private final CustomerCache cache = new CustomerCache(100, Duration.ofMinutes(10), lease);

    @Test
    void cannotHandOutACustomerWhileTheNodesLeaseHasLapsed() {
        cache.put("customer", "its aggregate");

        assertThat((Object) cache.get("customer")).as("the node may have missed an erasure").isNull();
    }

    @Test
    void handsOutACustomerWhileTheNodeIsCurrent() {
        lease.renew(System.nanoTime(), Duration.ofMinutes(1));
        cache.put("customer", "its aggregate");

        assertThat((Object) cache.get("customer")).isEqualTo("its aggregate");
    }
}
