package org.customervault.domain.customer.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders the customer list comes in, named as the API names them: a field, descending when
 * prefixed with {@code -}. Customers with the same value come in the order of their ids.
 */
public enum CustomerListSort {
    LAST_ACTIVITY_NEWEST("-lastActivityAt"),
    LAST_ACTIVITY_OLDEST("lastActivityAt"),
    CREATED_NEWEST("-createdAt"),
    CREATED_OLDEST("createdAt"),
    NAME_A_TO_Z("name"),
    NAME_Z_TO_A("-name");

    /** The most customers a name sort opens; beyond it the caller is asked to narrow the list. */
    public static final int NAME_SORT_LIMIT = 5_000;

    private final String parameter;

    CustomerListSort(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** Names are sealed under each customer's key: they are put in order after they are opened, not by the database. */
    public boolean byName() {
        return this == NAME_A_TO_Z || this == NAME_Z_TO_A;
    }

    public static Optional<CustomerListSort> ofParameter(String parameter) {
        return Arrays.stream(values()).filter(sort -> sort.parameter.equals(parameter)).findFirst();
    }
}
