package org.customervault.api.customer;

import java.util.ArrayList;
import java.util.List;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/** The page and size of a listing: pages from 0, at most 100 items a page. */
record Paging(int page, int size) {

    static final int MAX_SIZE = 100;
    static final int MAX_PAGE = 1_000_000;

    static Paging checked(int page, int size) {
        List<Violation> violations = new ArrayList<>();
        if (page < 0 || page > MAX_PAGE) {
            violations.add(new Violation("page", "must be between 0 and " + MAX_PAGE));
        }
        if (size < 1 || size > MAX_SIZE) {
            violations.add(new Violation("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new Paging(page, size);
    }
}
