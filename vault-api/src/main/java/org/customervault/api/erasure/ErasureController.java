package org.customervault.api.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.customervault.api.listing.Cursor;
import org.customervault.api.listing.ListHeaders;
import org.customervault.api.listing.Paging;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ErasureCertificate;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Erasure (GDPR Art. 17, ARCO cancelación) and the erasure ledger, for COMPLIANCE and ADMIN. */
@Tag(name = "Erasure")
@RestController
public class ErasureController {

    private static final int MAX_PAGE_SIZE = 100;
    private static final String LEDGER = "erasures";

    private final ErasureProcess erasure;
    private final ErasureLedger ledger;

    ErasureController(ErasureProcess erasure, ErasureLedger ledger) {
        this.erasure = erasure;
        this.ledger = ledger;
    }

    /**
     * 200 with the completed certificate; 202 with the pending one when a live node neither
     * acknowledged nor went silent in time (asking again measures the nodes again).
     */
    @Operation(operationId = "eraseCustomer", summary = "Erase a customer",
            description = "Crypto-shredding: the customer's key is destroyed, so every copy of their events becomes "
                    + "unreadable at once, and the read models drop them. Refused (409, legal-hold) while a legal hold "
                    + "stands. Answers with the signed erasure certificate; "
                    + "asking again answers the same certificate. Roles: COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "200", description = "The customer is erased: the completed, signed certificate")
    @ApiResponse(responseCode = "202", description = "The key is destroyed and the read models purged; a live node has"
            + " not been accounted for yet: the pending certificate (ask again)")
    @ApiResponse(responseCode = "409", description = "A legal hold stands on the customer (problem type legal-hold);"
            + " nothing was erased or recorded", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping(path = "/api/v1/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CertificateResponse> erase(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                              Authentication caller) {
        CustomerId customer;
        try {
            customer = CustomerId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
        ErasureCertificate certificate = erasure.erase(customer, caller.getName());
        return ResponseEntity.status(certificate.completed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(CertificateResponse.of(certificate));
    }

    /** The ledger, newest request first, as a JSON array; its total and the next page's cursor come in headers. */
    @Operation(operationId = "listErasures", summary = "List the erasure ledger",
            description = "Every erasure certificate, newest request first, as a JSON array; the total and the next page's "
                    + "cursor come in the X-Total-Count, X-Next-Cursor and Link headers. Roles: COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/erasures", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<List<CertificateResponse>> ledger(@Parameter(description = Paging.CURSOR_DESCRIPTION + " (X-Next-Cursor)")
                                                     @RequestParam(required = false) String cursor,
                                                     @Parameter(description = Paging.PAGE_DESCRIPTION,
                                                             schema = @Schema(type = "integer", format = "int32",
                                                                     minimum = "0", maximum = "" + Paging.MAX_PAGE))
                                                     @RequestParam(required = false) Integer page,
                                                     @Parameter(schema = @Schema(type = "integer", format = "int32",
                                                             minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                                                     @RequestParam(defaultValue = "50") int size) {
        Paging paging = Paging.checked(page, size, cursor, LEDGER, MAX_PAGE_SIZE);
        ErasureLedger.Position after = paging.cursor() == null ? null
                : new ErasureLedger.Position(paging.cursor().instant(0), new CustomerId(paging.cursor().uuid(1)));
        List<ErasureCertificate> found = ledger.page(after, paging.offset(), paging.size() + 1);
        List<ErasureCertificate> shown = found.subList(0, Math.min(found.size(), paging.size()));
        String next = found.size() > paging.size()
                ? Cursor.of(LEDGER, shown.get(shown.size() - 1).requestedAt(), shown.get(shown.size() - 1).subjectId().value())
                : null;
        long total = ledger.count();
        return ResponseEntity.ok().headers(ListHeaders.of(total, total, next))
                .body(shown.stream().map(CertificateResponse::of).toList());
    }
}
