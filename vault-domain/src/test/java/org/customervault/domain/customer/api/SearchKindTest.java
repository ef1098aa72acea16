package org.customervault.domain.customer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.domain.customer.api.SearchKind.EMAIL;
import static org.customervault.domain.customer.api.SearchKind.NAME_WORD;
import static org.customervault.domain.customer.api.SearchKind.NATIONAL_ID;
import static org.customervault.domain.customer.api.SearchKind.PHONE;

import org.junit.jupiter.api.Test;

class SearchKindTest {

    @Test
    void aTextIsTriedOnlyAsTheKindsItsShapeAllows() {
        assertThat(SearchKind.of(" Jose.Perez@Example.com ")).containsExactly(EMAIL);
        assertThat(SearchKind.of("+54 9 11 1234-5678")).containsExactly(PHONE);
        assertThat(SearchKind.of("20-12345678-9")).containsExactly(NATIONAL_ID);
        assertThat(SearchKind.of("1980-05-17")).as("a date can only be an id").containsExactly(NATIONAL_ID);
        assertThat(SearchKind.of("X9988776L")).containsExactlyInAnyOrder(NATIONAL_ID, NAME_WORD);
        assertThat(SearchKind.of("José Pérez")).containsExactlyInAnyOrder(NATIONAL_ID, NAME_WORD);
        assertThat(SearchKind.of("O'Neill")).containsExactly(NAME_WORD);
        assertThat(SearchKind.of("--- !!")).isEmpty();
    }
}
