package org.customervault.infra.keys;

import io.github.jopenlibs.vault.VaultException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.customervault.domain.crypto.KeyStoreUnavailableException;

/** What a failed call to Vault/OpenBao means, in words an operator can act on. */
final class OpenBaoErrors {

    static final int OK = 200;
    static final int NO_CONTENT = 204;
    private static final long FIRST_RETRY_MILLIS = 50;

    private OpenBaoErrors() {
    }

    /** A refusal or failure of the server, with its HTTP status (0: no answer at all). */
    static final class OpenBaoUnavailableException extends KeyStoreUnavailableException {

        private final int status;

        OpenBaoUnavailableException(String message, int status) {
            super(message, null);
            this.status = status;
        }

        /** Whether asking again a moment later may get an answer. */
        boolean isTransient() {
            return status == 0 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
        }
    }

    static OpenBaoUnavailableException unavailable(int status) {
        // The driver's message may hold a response body; the status says enough.
        String what = switch (status) {
            case 0 -> "cannot be reached";
            case 401, 403 -> "refused the token: permission denied (check its policy, or whether it expired)";
            case 503 -> "is sealed or unavailable";
            default -> "answered HTTP " + status;
        };
        return new OpenBaoUnavailableException("the OpenBao key store " + what, status);
    }

    static OpenBaoUnavailableException unavailable(VaultException e) {
        return unavailable(e.getHttpStatusCode());
    }

    /** A call that changes nothing, tried again while the server is transiently unavailable, waiting longer each time. */
    static <T> T retryingTransient(int retries, Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (OpenBaoUnavailableException e) {
                if (attempt >= retries || !e.isTransient()) {
                    throw e;
                }
                pause(FIRST_RETRY_MILLIS << attempt);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("interrupted while waiting for the OpenBao key store", e);
        }
    }

    static void requireSuccess(int status) {
        if (status != OK && status != NO_CONTENT) {
            throw unavailable(status);
        }
    }
}
