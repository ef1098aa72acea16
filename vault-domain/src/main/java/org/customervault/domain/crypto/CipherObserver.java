package org.customervault.domain.crypto;

/** Told of every encryption and decryption of a subject's value, for metrics: how long, and whether it worked; never what. */
@FunctionalInterface
public interface CipherObserver {

    CipherObserver NONE = (operation, nanos, succeeded) -> { };

    enum Operation { ENCRYPT, DECRYPT }

    void observed(Operation operation, long nanos, boolean succeeded);
}
