package org.customervault.api.compliance;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.customervault.api.access.PersonalDataAccess;
import org.customervault.api.access.Purpose;
import org.customervault.api.erasure.CertificateResponse;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.AccessEntry;
import org.customervault.projections.compliance.AccessLog;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compliance officer's reads: a customer's full history (replay, as of any instant), the
 * export of everything held about a customer (GDPR Art. 15 and 20, ARCO acceso, Habeas Data
 * conocer), and the access log. Each of these reads is itself recorded in the access log.
 */
@RestController
class ComplianceController {

    private static final int MAX_PAGE_SIZE = 1000;

    private final CustomerHistory history;
    private final ErasureLedger erasures;
    private final AccessLog accessLog;
    private final PersonalDataAccess access;

    ComplianceController(CustomerHistory history, ErasureLedger erasures, AccessLog accessLog, PersonalDataAccess access) {
        this.history = history;
        this.erasures = erasures;
        this.accessLog = accessLog;
        this.access = access;
    }

    @Schema(name = "CustomerHistory")
    record HistoryResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String subjectId,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "The moment the history runs to: the asOf asked for, or now") Instant asOf,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<CustomerHistory.Entry> events,
                           @Schema(description = "Absent when no event had happened by asOf") StateAsOf stateAsOf) {
    }

    @Schema(name = "CustomerExport", description = "Everything the vault holds about the customer (GDPR Art. 15 and 20)")
    record ExportResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String subjectId,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant exportedAt,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The customer now")
                          StateAsOf current,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<CustomerHistory.Entry> history,
                          @Schema(description = "The erasure certificate, once an erasure was asked for")
                          CertificateResponse erasure) {
    }

    /**
     * The events up to {@code asOf} (inclusive) and the state they add up to. Before the customer's
     * first event there is nothing yet: no events and no {@code stateAsOf}, but the customer exists
     * now, so it is not a 404.
     */
    @GetMapping(path = "/api/v1/compliance/customers/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryResponse history(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                            @Parameter(description = AsOf.DESCRIPTION, schema = @Schema(type = "string"), examples = {
                                    @ExampleObject(name = "instant", value = "2026-01-31T10:15:30Z"),
                                    @ExampleObject(name = "date", value = "2026-01-31")})
                            @RequestParam(required = false) String asOf,
                            @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                            Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        CustomerId customer = customerId(id);
        Instant requested = asOf == null ? null : AsOf.parse(asOf);
        List<CustomerHistory.Entry> all = existing(customer);
        Instant at = requested == null ? Instant.now() : requested;
        List<CustomerHistory.Entry> events = all.stream().filter(entry -> !entry.occurredAt().isAfter(at)).toList();
        access.record(caller.getName(), List.of(customer), "customer.history", checkedPurpose);
        return new HistoryResponse(customer.value(), at, events,
                events.isEmpty() ? null : history.stateAsOf(events, at));
    }

    @GetMapping(path = "/api/v1/customers/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ExportResponse export(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                          Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        CustomerId customer = customerId(id);
        List<CustomerHistory.Entry> events = existing(customer);
        Instant now = Instant.now();
        access.record(caller.getName(), List.of(customer), "customer.export", checkedPurpose);
        return new ExportResponse(customer.value(), now, history.stateAsOf(events, now), events,
                erasures.find(customer).map(CertificateResponse::of).orElse(null));
    }

    @GetMapping(path = "/api/v1/compliance/access-log", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AccessEntry> accessLog(@Parameter(schema = @Schema(format = "uuid"))
                                @RequestParam(required = false) String subjectId,
                                @RequestParam(required = false) Instant from,
                                @RequestParam(required = false) Instant to,
                                @Parameter(schema = @Schema(minimum = "0", maximum = "" + Integer.MAX_VALUE))
                                @RequestParam(defaultValue = "0") int page,
                                @Parameter(schema = @Schema(minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                                @RequestParam(defaultValue = "100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size", "page from 0, size from 1 to " + MAX_PAGE_SIZE);
        }
        return accessLog.find(subjectId == null ? null : customerId(subjectId), from, to, page, size);
    }

    private List<CustomerHistory.Entry> existing(CustomerId customer) {
        List<CustomerHistory.Entry> events = history.of(customer);
        if (events.isEmpty()) {
            throw new NotFoundException("customer");
        }
        return events;
    }

    private static CustomerId customerId(String id) {
        try {
            return CustomerId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
    }
}
