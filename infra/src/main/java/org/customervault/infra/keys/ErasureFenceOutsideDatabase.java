package org.customervault.infra.keys;

import java.util.Set;

/**
 * The erased subjects, kept where a restore of the database cannot reach: the local store's
 * {@link FenceFile}, the Transit store's {@link OpenBaoFence}. A store that finds a subject here
 * refuses their keys even when a restored database holds them again.
 */
interface ErasureFenceOutsideDatabase {

    boolean contains(String subjectId);

    Set<String> subjects();

    /** Keeps the erasure durably before returning; a subject kept already keeps its first entry. */
    void append(FenceFile.Entry entry);
}
