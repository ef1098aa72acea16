package org.customervault.api.subjectrequest;

import java.util.List;

/** Where a data subject's request stands: RECEIVED, VERIFIED, IN_PROGRESS, then ANSWERED or REFUSED. */
public enum RequestStatus {
    RECEIVED, VERIFIED, IN_PROGRESS, ANSWERED, REFUSED;

    /** The statuses of a request still waiting for its answer: the ones that can be overdue. */
    static final List<RequestStatus> OPEN = List.of(RECEIVED, VERIFIED, IN_PROGRESS);
}
