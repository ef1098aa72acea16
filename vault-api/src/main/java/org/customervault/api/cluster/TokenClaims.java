package org.customervault.api.cluster;

import java.time.Duration;

/**
 * How long a node's claim on a processor's segment holds without renewal. A running processor renews
 * its claims at least this often, even with no event to handle; a node that died loses them after it.
 */
public final class TokenClaims {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TokenClaims() {
    }
}
