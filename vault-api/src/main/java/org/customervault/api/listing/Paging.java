package org.customervault.api.listing;

import java.util.ArrayList;
import java.util.List;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/**
 * Where a page of a list starts and how long it is: after a {@link Cursor} the list gave out, or,
 * for clients written before cursors, at a page number from 0.
 */
public record Paging(Integer page, int size, Cursor cursor) {

    public static final int MAX_PAGE = 1_000_000;
    public static final String PAGE_DESCRIPTION = "A page number from 0, for clients that do not page by cursor";
    public static final String CURSOR_DESCRIPTION = "Where the page starts: the cursor the page before gave out";

    /** The page's first item's position when paging by number. */
    public long offset() {
        return page == null ? 0 : (long) page * size;
    }

    public static Paging checked(Integer page, int size, String cursor, String list, int maxSize) {
        List<Violation> violations = new ArrayList<>();
        if (page != null && (page < 0 || page > MAX_PAGE)) {
            violations.add(new Violation("page", "must be between 0 and " + MAX_PAGE));
        }
        if (size < 1 || size > maxSize) {
            violations.add(new Violation("size", "must be between 1 and " + maxSize));
        }
        if (page != null && cursor != null) {
            violations.add(new Violation("cursor", "pages either by cursor or by page number, not both"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new Paging(cursor == null && page == null ? Integer.valueOf(0) : page, size,
                cursor == null ? null : Cursor.parse(cursor, list));
    }
}
