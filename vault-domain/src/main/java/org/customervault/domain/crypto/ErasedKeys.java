package org.customervault.domain.crypto;

import java.time.Instant;
import java.util.List;

/** What destroying a subject's keys left behind: which keys they were, and when they were destroyed. */
public record ErasedKeys(String subjectId, List<String> keyIds, Instant erasedAt) {

    public ErasedKeys {
        keyIds = List.copyOf(keyIds);
    }
}
