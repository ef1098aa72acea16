package org.customervault.domain.request;

import java.util.Arrays;
import java.util.Optional;

/** What a data subject asks for, as the API names it. */
public enum RequestKind {
    ACCESS("access"),
    RECTIFICATION("rectification"),
    ERASURE("erasure"),
    RESTRICTION("restriction"),
    OBJECTION("objection"),
    PORTABILITY("portability"),
    CONSENT_WITHDRAWAL("consent-withdrawal");

    private final String value;

    RequestKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<RequestKind> of(String value) {
        return Arrays.stream(values()).filter(kind -> kind.value.equals(value)).findFirst();
    }
}
