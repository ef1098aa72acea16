package org.customervault.api.subjectrequest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.subjectrequest.EvidenceRecords.RecordedEvent;
import org.customervault.api.subjectrequest.SubjectRequests.StoredRequest;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.ErasureCertificate;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.request.RequestKind;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.stereotype.Component;

/**
 * An answer's evidence must be the one that answers the request, and be what it says it is: the
 * export of the request's customer, its completed erasure certificate, or the change of that
 * customer's that did what was asked, made once the request was in. A request that names no customer
 * leaves the vault nothing to look up but an erasure certificate, so it is answered by letter or by one.
 */
@Component
class AnswerEvidence {

    private static final String FIELD_TYPE = "evidence.type";
    private static final String FIELD_REFERENCE = "evidence.reference";
    private static final Pattern VERSION = Pattern.compile("0|[1-9][0-9]{0,17}");

    /** For a request that names a customer: what answers each kind. */
    private static final Map<RequestKind, EvidenceType> ANSWERED_BY = Map.of(
            RequestKind.ACCESS, EvidenceType.EXPORT,
            RequestKind.PORTABILITY, EvidenceType.EXPORT,
            RequestKind.ERASURE, EvidenceType.ERASURE_CERTIFICATE,
            RequestKind.RECTIFICATION, EvidenceType.RECTIFICATION,
            RequestKind.RESTRICTION, EvidenceType.RESTRICTION,
            RequestKind.OBJECTION, EvidenceType.OBJECTION,
            RequestKind.CONSENT_WITHDRAWAL, EvidenceType.CONSENT_CHANGE);
    private static final Set<EvidenceType> WITHOUT_CUSTOMER = EnumSet.of(EvidenceType.LETTER,
            EvidenceType.ERASURE_CERTIFICATE);

    /**
     * The events that do what a change's evidence says. A restriction request is answered by
     * restricting: a lifted restriction is no answer to it.
     */
    private static final Map<EvidenceType, Set<String>> CHANGES = Map.of(
            EvidenceType.RECTIFICATION, names(FullNameRectifiedEvent.class, EmailRectifiedEvent.class,
                    PhoneRectifiedEvent.class, NationalIdRectifiedEvent.class, BirthDateRectifiedEvent.class,
                    PostalAddressRectifiedEvent.class, PreferencesRectifiedEvent.class),
            EvidenceType.RESTRICTION, names(ProcessingRestrictedEvent.class),
            EvidenceType.OBJECTION, names(ProcessingObjectedEvent.class),
            EvidenceType.CONSENT_CHANGE, names(ConsentWithdrawnEvent.class));

    private final ErasureLedger erasures;
    private final EvidenceRecords records;

    AnswerEvidence(ErasureLedger erasures, EvidenceRecords records) {
        this.erasures = erasures;
        this.records = records;
    }

    /** The types that answer a request of this kind, naming a customer or none. */
    static Set<EvidenceType> allowed(RequestKind kind, boolean namesCustomer) {
        return namesCustomer ? EnumSet.of(ANSWERED_BY.get(kind)) : EnumSet.copyOf(WITHOUT_CUSTOMER);
    }

    /**
     * @throws InvalidRequestException naming {@code evidence.type} when the type does not answer this
     *         request, {@code evidence.reference} when the vault holds no such evidence
     */
    void check(StoredRequest request, SubjectRequestController.Evidence evidence) {
        UUID customer = request.subjectId();
        Set<EvidenceType> allowed = allowed(request.kind(), customer != null);
        if (!allowed.contains(evidence.type())) {
            String types = allowed.stream().map(Enum::name).collect(Collectors.joining(" or "));
            throw new InvalidRequestException(FIELD_TYPE, customer == null
                    ? "must be " + types + " for a request that names no customer: the vault can check nothing else"
                    : "must be " + types + " for a request of kind " + request.kind().value()
                            + " that names a customer");
        }
        switch (evidence.type()) {
            case ERASURE_CERTIFICATE -> checkCertificate(customer, evidence.reference());
            case EXPORT -> checkExport(request, customer, evidence.reference());
            case RECTIFICATION, RESTRICTION, OBJECTION, CONSENT_CHANGE ->
                    checkChange(request, customer, evidence.type(), evidence.reference());
            case LETTER -> {
                // a letter's reference: nothing the vault can look up
            }
        }
    }

    private void checkCertificate(UUID customer, String reference) {
        CustomerId certified;
        try {
            certified = CustomerId.of(reference);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(FIELD_REFERENCE, "must be the certificate's subjectId");
        }
        // a pending certificate proves nothing yet: the erasure may still be withdrawn
        if (erasures.find(certified).filter(ErasureCertificate::completed).isEmpty()) {
            throw new InvalidRequestException(FIELD_REFERENCE, "names no completed erasure certificate");
        }
        if (customer != null && !customer.toString().equals(certified.value())) {
            throw new InvalidRequestException(FIELD_REFERENCE,
                    "is the certificate of another customer than the request's");
        }
    }

    private void checkExport(StoredRequest request, UUID customer, String reference) {
        Instant exportedAt;
        try {
            exportedAt = Instant.parse(reference);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(FIELD_REFERENCE, "must be the export's exportedAt");
        }
        if (!records.exported(customer, exportedAt, request.receivedAt())) {
            throw new InvalidRequestException(FIELD_REFERENCE, "names no export of the request's customer at that "
                    + "exportedAt made since the request was received");
        }
    }

    private void checkChange(StoredRequest request, UUID customer, EvidenceType type, String reference) {
        if (!VERSION.matcher(reference).matches()) {
            throw new InvalidRequestException(FIELD_REFERENCE, "must be the customer's version after the change: "
                    + "the number in the ETag the change answered with");
        }
        RecordedEvent event = records.eventAt(customer, Long.parseLong(reference))
                .filter(recorded -> CHANGES.get(type).contains(recorded.payloadType()))
                .orElseThrow(() -> new InvalidRequestException(FIELD_REFERENCE, "is no version of the request's "
                        + "customer left by a " + type.name() + " change"));
        if (event.recordedAt().isBefore(request.receivedAt())) {
            throw new InvalidRequestException(FIELD_REFERENCE, "is a change made before the request was received");
        }
    }

    private static Set<String> names(Class<?>... events) {
        return Arrays.stream(events).map(Class::getName).collect(Collectors.toUnmodifiableSet());
    }
}
