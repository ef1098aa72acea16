package org.customervault.api.problem;

import java.io.IOException;

/** A request body grew past the limit while it was being read. */
public class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
    }
}
