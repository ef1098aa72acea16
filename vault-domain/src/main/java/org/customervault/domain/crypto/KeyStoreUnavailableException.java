package org.customervault.domain.crypto;

/** The key store could not be reached or did not answer: nothing may be stored or shown. */
public class KeyStoreUnavailableException extends RuntimeException {

    public KeyStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
