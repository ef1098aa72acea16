package org.customervault.api.compliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.customervault.api.access.PersonalDataAccess;
import org.customervault.api.access.Purpose;
import org.customervault.api.erasure.CertificateResponse;
import org.customervault.api.listing.Cursor;
import org.customervault.api.listing.ListHeaders;
import org.customervault.api.listing.Paging;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.AccessEntry;
import org.customervault.projections.compliance.AccessLog;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
@Tag(name = "Compliance")
@RestController
public class ComplianceController {

    private static final int MAX_PAGE_SIZE = 1000;
    /** The access log grows with every read: counting all of it would cost more than the page. */
    static final long ACCESS_LOG_COUNT_CAP = 10_000;
    private static final String ACCESS_LOG = "access-log";

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
    public record HistoryResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String subjectId,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "The moment the history runs to: the asOf asked for, or now") Instant asOf,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<CustomerHistory.Entry> events,
                           @Schema(description = "Absent when no event had happened by asOf") StateAsOf stateAsOf) {
    }

    @Schema(name = "CustomerExport", description = "Everything the vault holds about the customer (GDPR Art. 15 and 20)")
    public record ExportResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String subjectId,
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
    @Operation(operationId = "getCustomerHistory", summary = "Replay a customer's history",
            description = "Every event of the customer up to asOf, and the state they add up to. An erased customer's "
                    + "personal fields read \"erased\"; their non-personal facts remain. Recorded in the access log. "
                    + "Roles: COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/customers/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public HistoryResponse history(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                            @Parameter(description = AsOf.DESCRIPTION, schema = @Schema(type = "string"), examples = {
                                    @ExampleObject(name = "instant", value = "2026-01-31T10:15:30Z"),
                                    @ExampleObject(name = "date", value = "2026-01-31")})
                            @RequestParam(required = false) String asOf,
                            @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                            Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        CustomerId customer = customerId(id);
        Instant now = Instant.now();
        Instant at = asOf == null ? now : AsOf.historyMoment(asOf, now);
        List<CustomerHistory.Entry> all = existing(customer);
        // cut once, in the order the events were stored: nodes' clocks may disagree by a little, and a
        // later event stamped earlier must not slip in before one it came after
        List<CustomerHistory.Entry> events = all.stream().takeWhile(entry -> !entry.occurredAt().isAfter(at)).toList();
        access.record(caller.getName(), List.of(customer), "customer.history", checkedPurpose);
        return new HistoryResponse(customer.value(), at, events,
                events.isEmpty() ? null : history.stateAfter(events));
    }

    @Operation(operationId = "exportCustomer", summary = "Export everything held about a customer",
            description = "Access and portability (GDPR Art. 15 and 20): the current data, the whole history, and the "
                    + "erasure certificate if any, machine-readable. Recorded in the access log at exportedAt, the "
                    + "instant an answer to an access or portability request names as its evidence. Roles: "
                    + "COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/customers/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    public ExportResponse export(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                          Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        CustomerId customer = customerId(id);
        List<CustomerHistory.Entry> events = existing(customer);
        // the access log keeps microseconds: its entry and exportedAt are one instant, so an answer to
        // a data subject's request can name the export by its exportedAt and the vault can find it
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        access.record(caller.getName(), List.of(customer), "customer.export", checkedPurpose, now);
        return new ExportResponse(customer.value(), now, history.stateAfter(events), events,
                erasures.find(customer).map(CertificateResponse::of).orElse(null));
    }

    /**
     * The access log, oldest first, as a JSON array (the contract's shape); its total (counted up
     * to {@link #ACCESS_LOG_COUNT_CAP}) and the next page's cursor come in headers.
     */
    @Operation(operationId = "listAccessLog", summary = "List the access log",
            description = "Every read of personal data: who, when, which customer, how and for what, oldest first, as a "
                    + "JSON array; the total (counted up to 10,000) and the next page's cursor come in headers. Roles: "
                    + "COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/access-log", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<List<AccessEntry>> accessLog(@Parameter(schema = @Schema(format = "uuid"))
                                                @RequestParam(required = false) String subjectId,
                                                @Parameter(description = "From this moment, inclusive: " + AsOf.MOMENT,
                                                        schema = @Schema(type = "string"))
                                                @RequestParam(required = false) String from,
                                                @Parameter(description = "Until this moment, exclusive: " + AsOf.MOMENT,
                                                        schema = @Schema(type = "string"))
                                                @RequestParam(required = false) String to,
                                                @Parameter(description = "Only the entries of this user (the actor,"
                                                        + " exactly as recorded)", example = "compliance")
                                                @RequestParam(required = false) String actor,
                                                @Parameter(description = Paging.CURSOR_DESCRIPTION
                                                        + " (X-Next-Cursor), with the same subjectId, from, to and actor")
                                                @RequestParam(required = false) String cursor,
                                                @Parameter(description = Paging.PAGE_DESCRIPTION,
                                                        schema = @Schema(type = "integer", format = "int32",
                                                                minimum = "0", maximum = "" + Paging.MAX_PAGE))
                                                @RequestParam(required = false) Integer page,
                                                @Parameter(schema = @Schema(type = "integer", format = "int32",
                                                        minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                                                @RequestParam(defaultValue = "100") int size) {
        Paging paging = Paging.checked(page, size, cursor, ACCESS_LOG, MAX_PAGE_SIZE);
        AccessLog.Window window = new AccessLog.Window(subjectId == null ? null : customerId(subjectId),
                from == null ? null : AsOf.parse("from", from), to == null ? null : AsOf.parse("to", to),
                actor == null || actor.isBlank() ? null : actor);
        AccessLog.Page.Position after = paging.cursor() == null ? null
                : new AccessLog.Page.Position(paging.cursor().instant(0), paging.cursor().number(1));
        AccessLog.Page found = accessLog.find(window, after, paging.offset(), paging.size());
        AccessLog.Page.Position next = found.next();
        return ResponseEntity.ok()
                .headers(ListHeaders.of(accessLog.count(window, ACCESS_LOG_COUNT_CAP + 1), ACCESS_LOG_COUNT_CAP,
                        next == null ? null : Cursor.of(ACCESS_LOG, next.at(), next.id())))
                .body(found.entries());
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
