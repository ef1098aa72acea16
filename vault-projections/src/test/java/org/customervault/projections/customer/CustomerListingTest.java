package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.customervault.domain.customer.InvalidCustomerDataException;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name order opens every name it sorts: past its limit it asks for a narrower list instead of opening them all. */
class CustomerListingTest {

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewQueries queries;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        queries = new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys());
        // rows that are never opened: the limit is checked on the count, before any name is
        database.jdbc().update("""
                INSERT INTO customer_view (customer_id, version, status, full_name, created_at, updated_at, last_activity_at)
                SELECT gen_random_uuid(), 0, CASE WHEN n % 2 = 0 THEN 'ACTIVE' ELSE 'RESTRICTED' END, 'sealed', now(), now(), now()
                FROM generate_series(1, ?) AS n""", CustomerListSort.NAME_SORT_LIMIT + 1);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void cannotSortMoreCustomersByNameThanTheLimit() {
        assertThatThrownBy(() -> queries.handle(byName()))
                .isInstanceOfSatisfying(InvalidCustomerDataException.class,
                        refused -> assertThat(refused.fields()).containsExactly("sort"));
    }

    private static FetchCustomerSummariesQuery byName() {
        return new FetchCustomerSummariesQuery(null, Set.of(), null, null, CustomerListSort.NAME_A_TO_Z, null, 0, 10, null, false);
    }
}
