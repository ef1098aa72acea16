package org.customervault.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.junit.jupiter.api.Test;

/** The marks folded from stored payloads, as the publication reads them: type and plain purpose, nothing decrypted. */
class CustomerMarksTest {

    private static final String CUSTOMER = "7d0a3c1e-5b7f-4f7e-9d3c-2f1f0c6a9b11";
    /** An envelope no key opens: folding must never try. */
    private static final String UNOPENABLE = "cv2:k-missing:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void consentsObjectionsAndRestrictionFoldAsOfEachEvent() {
        CustomerMarks marks = CustomerMarks.NONE
                .after(CustomerRegisteredEvent.class.getName(), json("{\"customerId\":\"%s\",\"fullName\":\"%s\"}"
                        .formatted(CUSTOMER, UNOPENABLE)))
                .after(ConsentGrantedEvent.class.getName(), consent("newsletter"))
                .after(ConsentGrantedEvent.class.getName(), consent("marketing"));
        assertThat(marks.allowedPurposes()).containsExactly("marketing", "newsletter");

        marks = marks.after(ProcessingObjectedEvent.class.getName(), objection("marketing"));
        assertThat(marks.allowedPurposes()).containsExactly("newsletter");

        marks = marks.after(ProcessingRestrictedEvent.class.getName(), json("{\"customerId\":\"%s\"}".formatted(CUSTOMER)));
        assertThat(marks.restricted()).isTrue();
        assertThat(marks.allowedPurposes()).as("a restriction keeps the purposes").containsExactly("newsletter");

        marks = marks.after(ObjectionWithdrawnEvent.class.getName(), consent("marketing"))
                .after(ConsentWithdrawnEvent.class.getName(), consent("newsletter"))
                .after(ProcessingRestrictionLiftedEvent.class.getName(), json("{}"));
        assertThat(marks.allowedPurposes()).containsExactly("marketing");
        assertThat(marks.restricted()).isFalse();
    }

    @Test
    void anObjectionIsReadWithoutOpeningItsReason() {
        CustomerMarks marks = CustomerMarks.NONE.after(ConsentGrantedEvent.class.getName(), consent("profiling"))
                .after(ProcessingObjectedEvent.class.getName(), objection("profiling"));

        assertThat(marks.allowedPurposes()).isEmpty();
        assertThat(marks.objected()).containsExactly("profiling");
    }

    @Test
    void theErasureForgetsEverything() {
        CustomerMarks marks = CustomerMarks.NONE.after(ConsentGrantedEvent.class.getName(), consent("newsletter"))
                .after(ProcessingRestrictedEvent.class.getName(), json("{}"))
                .after(CustomerErasedEvent.class.getName(), json("{}"));

        assertThat(marks).isEqualTo(CustomerMarks.NONE);
    }

    @Test
    void aConsentWithoutAPurposeIsRefusedRatherThanPublishedAsNothing() {
        assertThatThrownBy(() -> CustomerMarks.NONE.after(ConsentGrantedEvent.class.getName(),
                json("{\"customerId\":\"%s\",\"purpose\":{\"secret\":\"%s\"}}".formatted(CUSTOMER, "Ada Lovelace"))))
                .isInstanceOf(IllegalStateException.class)
                .message().doesNotContain("Ada");
        assertThatThrownBy(() -> CustomerMarks.NONE.after(ProcessingObjectedEvent.class.getName(),
                json("not json, Ada Lovelace")))
                .isInstanceOf(IllegalStateException.class)
                .message().doesNotContain("Ada");
    }

    private static byte[] consent(String purpose) {
        return json("{\"customerId\":\"%s\",\"purpose\":\"%s\",\"noticeVersion\":\"2026-01\"}".formatted(CUSTOMER, purpose));
    }

    private static byte[] objection(String purpose) {
        return json("{\"customerId\":\"%s\",\"purpose\":\"%s\",\"reason\":\"%s\",\"personalDataErased\":false}"
                .formatted(CUSTOMER, purpose, UNOPENABLE));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
