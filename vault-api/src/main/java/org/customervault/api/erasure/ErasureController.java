package org.customervault.api.erasure;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
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
@RestController
class ErasureController {

    private static final int MAX_PAGE_SIZE = 100;

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
    @ApiResponse(responseCode = "200", description = "The customer is erased: the completed, signed certificate")
    @ApiResponse(responseCode = "202", description = "The key is destroyed and the read models purged; a live node has"
            + " not been accounted for yet: the pending certificate (ask again)")
    @DeleteMapping(path = "/api/v1/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CertificateResponse> erase(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
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

    @GetMapping(path = "/api/v1/compliance/erasures", produces = MediaType.APPLICATION_JSON_VALUE)
    List<CertificateResponse> ledger(@Parameter(schema = @Schema(minimum = "0", maximum = "" + Integer.MAX_VALUE))
                                     @RequestParam(defaultValue = "0") int page,
                                     @Parameter(schema = @Schema(minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                                     @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size", "page from 0, size from 1 to " + MAX_PAGE_SIZE);
        }
        return ledger.page(page, size).stream().map(CertificateResponse::of).toList();
    }
}
