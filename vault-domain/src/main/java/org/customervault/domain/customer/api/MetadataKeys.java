package org.customervault.domain.customer.api;

/** Names of the metadata every command and the events it causes carry. */
public final class MetadataKeys {

    /** The authenticated user who sent the command. */
    public static final String ACTOR = "actor";

    private MetadataKeys() {
    }
}
