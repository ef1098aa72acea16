package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.customervault.api.console.ConsolePaths;
import org.customervault.api.customer.CustomerController;
import org.customervault.api.erasure.CertificateResponse;
import org.customervault.api.erasure.ErasureController;
import org.customervault.api.idempotency.OneTimeForm;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Erasure from the console: a page that says what will happen and asks for an explicit confirmation, the API's own
 * erasure (its legal hold refusal shown as such), then the signed certificate, shown and as a file; and the ledger.
 */
@Hidden
@Controller
class ConsoleErasureController {

    private static final String ERASURE = ConsoleComplianceCustomerController.CUSTOMER + "/erasure";
    private static final String CERTIFICATE = ConsoleComplianceCustomerController.CUSTOMER + "/certificate";
    private static final int LEDGER_PAGE = 50;

    private final CustomerController customers;
    private final ErasureController erasures;
    private final ErasureLedger ledger;
    private final JsonMapper json;

    ConsoleErasureController(CustomerController customers, ErasureController erasures, ErasureLedger ledger,
                             JsonMapper json) {
        this.customers = customers;
        this.erasures = erasures;
        this.ledger = ledger;
        this.json = json;
    }

    /** What an erasure does, whom it is of, and the confirmation it needs; a legal hold is said before asking. */
    @GetMapping(ERASURE)
    String confirmation(@PathVariable String id, Model model, Authentication caller) {
        model.addAttribute("customer", customers.view(id, null, null, caller).getBody());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "console/compliance/erasure";
    }

    @PostMapping(ERASURE)
    @OneTimeForm
    String erase(@PathVariable String id, @RequestParam(required = false) String confirmed, Model model,
                 Authentication caller, HttpServletResponse response) {
        if (!"yes".equals(confirmed)) {
            model.addAttribute("errors", Map.of("confirmed", "confirm"));
            response.setStatus(422);
            return confirmation(id, model, caller);
        }
        try {
            erasures.erase(id, caller);
        } catch (RuntimeException failure) {
            if (!LegalHoldException.isCauseOf(failure)) {
                throw failure;
            }
            model.addAttribute("errors", Map.of("", "legalHold"));
            response.setStatus(409);
            return confirmation(id, model, caller);
        }
        return "redirect:" + ConsoleComplianceCustomerController.COMPLIANCE + "/customers/" + customerId(id).value()
                + "/certificate";
    }

    @GetMapping(CERTIFICATE)
    String certificate(@PathVariable String id, Model model) {
        CertificateResponse certificate = certificateOf(id);
        model.addAttribute("certificate", certificate);
        model.addAttribute("requestedAt", ConsoleTimes.shown(certificate.requestedAt()));
        model.addAttribute("erasedAt", ConsoleTimes.shown(certificate.erasedAt()));
        return "console/compliance/certificate";
    }

    /** The certificate as the API answers it, to keep or to verify its signature elsewhere. */
    @GetMapping(CERTIFICATE + ".json")
    ResponseEntity<byte[]> certificateFile(@PathVariable String id) {
        CertificateResponse certificate = certificateOf(id);
        return ConsoleComplianceCustomerController.attachment(json.writeValueAsBytes(certificate),
                "erasure-certificate-" + certificate.subjectId() + ".json");
    }

    /** The ledger, newest request first, a page at a time (the page's number is the only thing in the URL). */
    @GetMapping(ConsoleComplianceCustomerController.COMPLIANCE + "/erasures")
    String ledger(@RequestParam(defaultValue = "0") int page, Model model) {
        ResponseEntity<List<CertificateResponse>> found = erasures.ledger(null, page, LEDGER_PAGE);
        model.addAttribute("certificates", found.getBody().stream().map(certificate -> new LedgerRow(
                certificate.subjectId(), ConsoleTimes.shown(certificate.requestedAt()), certificate.requestedBy(),
                ConsoleTimes.shown(certificate.erasedAt()), certificate.status())).toList());
        model.addAttribute("previousPage", page > 0 ? page - 1 : null);
        model.addAttribute("nextPage", found.getHeaders().getFirst(org.customervault.api.listing.ListHeaders.NEXT_CURSOR) != null ? page + 1 : null);
        return "console/compliance/erasures";
    }

    record LedgerRow(String subjectId, String requestedAt, String requestedBy, String erasedAt, String status) {
    }

    private CertificateResponse certificateOf(String id) {
        return ledger.find(customerId(id)).map(CertificateResponse::of)
                .orElseThrow(() -> new NotFoundException("erasure certificate"));
    }

    private static CustomerId customerId(String id) {
        try {
            return CustomerId.of(id);
        } catch (IllegalArgumentException notAnId) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
    }
}
