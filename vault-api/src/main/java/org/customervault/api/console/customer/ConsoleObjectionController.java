package org.customervault.api.console.customer;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.console.FormRefusals;
import org.customervault.api.customer.CustomerController;
import org.customervault.api.customer.ObjectionRequest;
import org.customervault.api.idempotency.OneTimeForm;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An objection to a purpose (GDPR Art. 21, oposición) recorded or withdrawn from the 360 view, through the API's own
 * operation and with its roles (AGENT, COMPLIANCE, ADMIN: whoever speaks with the customer). The reason is personal:
 * it is only in the posted form, and the API encrypts it under the customer's key. The form carries the version of
 * the customer its page showed, sent as the API's If-Match: of two officers toggling the same objection from pages
 * opened at once, the second is refused (412) and shown the customer as the first left it, rather than silently
 * undoing the first's change.
 */
@Hidden
@Controller
@RequestMapping(ConsoleCustomerController.CUSTOMERS + "/{id}/objections")
class ConsoleObjectionController {

    /** The API's field names as the 360 view's inputs are named (the consent form has its own purpose input). */
    private static final Map<String, String> INPUTS = Map.of("purpose", "objectionPurpose", "reason", "objectionReason",
            "objected", "objected");

    private final CustomerController customers;
    private final ConsoleCustomerController views;

    ConsoleObjectionController(CustomerController customers, ConsoleCustomerController views) {
        this.customers = customers;
        this.views = views;
    }

    /** A language link on a page a refused objection left opens the customer again (the id checked first). */
    @GetMapping
    String backToView(@PathVariable String id) {
        try {
            return "redirect:" + ConsoleCustomerController.CUSTOMERS + "/" + UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw new NotFoundException("customer");
        }
    }

    @PostMapping
    @OneTimeForm
    String setObjection(@PathVariable String id, @RequestParam(defaultValue = "") String objectionPurpose,
                        @RequestParam(required = false) Boolean objected,
                        @RequestParam(defaultValue = "") String objectionReason,
                        @RequestParam(defaultValue = "") String version, Model model, Authentication caller,
                        HttpServletResponse response) {
        try {
            if (objectionPurpose.isBlank()) {
                throw new InvalidRequestException("purpose", "is required");
            }
            customers.setObjection(id, objectionPurpose.strip(), new ObjectionRequest(objected,
                    objectionReason.isBlank() ? null : objectionReason.strip()), version.isBlank() ? null : version.strip(),
                    caller);
            return "redirect:" + ConsoleCustomerController.CUSTOMERS + "/" + id;
        } catch (RuntimeException failure) {
            Map<String, String> errors = new LinkedHashMap<>();
            if (FormRefusals.isStale(failure)) {
                errors.put("", FormRefusals.STALE);
            } else {
                FieldErrors.of(failure).orElseThrow(() -> failure)
                        .forEach((field, message) -> errors.merge(INPUTS.getOrDefault(field, ""), message,
                                (first, next) -> first + "; " + next));
            }
            response.setStatus(FormRefusals.status(failure));
            model.addAttribute("objectionErrors", errors);
            model.addAttribute("objectionTyped", Map.of("objectionPurpose", objectionPurpose,
                    "objectionReason", objectionReason));
            return views.view(id, model, caller);
        }
    }
}
