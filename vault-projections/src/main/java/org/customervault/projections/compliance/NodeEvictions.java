package org.customervault.projections.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.customervault.domain.crypto.VaultJson;
import org.customervault.domain.customer.api.NodeEviction;

/** The ledger's {@code nodes} column: what each node did of an erasure, as a JSON array. */
final class NodeEvictions {

    private static final ObjectMapper JSON = VaultJson.objectMapper();

    private NodeEvictions() {
    }

    static String toJson(List<NodeEviction> nodes) {
        try {
            return JSON.writeValueAsString(nodes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates completed before nodes were measured have none. */
    static List<NodeEviction> fromJson(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(json, new TypeReference<List<NodeEviction>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the erasure ledger's nodes column is not a list of node evictions", e);
        }
    }
}
