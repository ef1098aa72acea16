package org.customervault.api.listing;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * What a list answered as a bare JSON array says about itself, in headers: how many items it has
 * (counted up to a cap, then said to be capped) and where the next page starts.
 */
public final class ListHeaders {

    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final String TOTAL_CAPPED = "X-Total-Capped";
    public static final String NEXT_CURSOR = "X-Next-Cursor";

    private ListHeaders() {
    }

    /** {@code counted} is at most {@code cap} + 1: more than the cap reads as the cap, said to be capped. */
    public static HttpHeaders of(long counted, long cap, String nextCursor) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TOTAL_COUNT, Long.toString(Math.min(counted, cap)));
        if (counted > cap) {
            headers.set(TOTAL_CAPPED, "true");
        }
        if (nextCursor != null) {
            headers.set(NEXT_CURSOR, nextCursor);
            // relative to the request: a Host header the client sent is never written back
            UriComponents next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("page")
                    .replaceQueryParam("cursor", nextCursor)
                    .build();
            headers.set(HttpHeaders.LINK, "<" + next.getPath() + "?" + next.getQuery() + ">; rel=\"next\"");
        }
        return headers;
    }
}
