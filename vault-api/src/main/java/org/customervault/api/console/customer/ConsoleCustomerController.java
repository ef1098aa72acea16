package org.customervault.api.console.customer;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.customervault.api.console.ConsolePaths;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.console.FormRefusals;
import org.customervault.api.customer.CreatedResponse;
import org.customervault.api.customer.CustomerController;
import org.customervault.api.customer.CustomerPageResponse;
import org.customervault.api.customer.CustomerResponse;
import org.customervault.api.customer.ConsentRequest;
import org.customervault.api.customer.RecordInteractionRequest;
import org.customervault.api.customer.RecordPurchaseRequest;
import org.customervault.api.idempotency.OneTimeForm;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.Masking;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.DuplicateOrderException;
import org.customervault.domain.customer.InvalidCustomerDataException;
import org.customervault.domain.customer.ProcessingRestrictedException;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's customer screens. Each one calls the REST API's own operation ({@link CustomerController}), so the
 * console has the API's rules, masking by role and access log entries, and no copy of them. No personal value goes
 * into a URL: a search is a form posted, and a customer is addressed by id.
 */
@Hidden
@Controller
@RequestMapping(ConsoleCustomerController.CUSTOMERS)
class ConsoleCustomerController {

    static final String CUSTOMERS = ConsolePaths.CONSOLE + "/customers";
    private static final String ORDER = "-lastActivityAt";
    private static final int PAGE_SIZE = 20;
    private static final int TIMELINE_SIZE = 20;

    private final CustomerController customers;
    private final JsonMapper json;

    ConsoleCustomerController(CustomerController customers, JsonMapper json) {
        this.customers = customers;
        this.json = json;
    }

    @GetMapping
    String list(Model model, Authentication caller) {
        return listed(model, null, 0, caller);
    }

    /** A language link on a search's results asks for the list again (the search's text is not in the URL). */
    @GetMapping("/search")
    String searchAgain() {
        return "redirect:" + CUSTOMERS;
    }

    /** A search (or another page of the list) is posted, so the text searched for is in no URL or server log. */
    @PostMapping("/search")
    String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model,
                  Authentication caller, HttpServletResponse response) {
        try {
            return listed(model, q, page, caller);
        } catch (RuntimeException failure) {
            Optional<Map<String, String>> errors = FieldErrors.of(failure);
            if (errors.isEmpty()) {
                throw failure;
            }
            response.setStatus(422);
            model.addAttribute("q", q);
            model.addAttribute("errors", errors.get());
            model.addAttribute("customers", null);
            return "console/customer/list";
        }
    }

    private String listed(Model model, String q, int page, Authentication caller) {
        String searched = q == null || q.isBlank() ? null : q;
        CustomerPageResponse found = customers.list(searched, null, null, ORDER, null, page, PAGE_SIZE, null, caller);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("customers", found);
        model.addAttribute("page", page);
        model.addAttribute("previousPage", page > 0 ? page - 1 : null);
        model.addAttribute("nextPage", (long) (page + 1) * PAGE_SIZE < found.total() ? page + 1 : null);
        model.addAttribute("errors", Map.of());
        return "console/customer/list";
    }

    @GetMapping("/new")
    String registration(Model model) {
        model.addAttribute("form", new CustomerForm());
        model.addAttribute("errors", Map.of());
        return "console/customer/register";
    }

    @PostMapping
    @OneTimeForm
    String register(@ModelAttribute("form") CustomerForm form, Model model, HttpServletResponse response) {
        try {
            ResponseEntity<CreatedResponse> created = customers.register(form.toRegistration());
            return "redirect:" + CUSTOMERS + "/" + created.getBody().id();
        } catch (RuntimeException failure) {
            return refused(failure, model, response, "console/customer/register");
        }
    }

    @GetMapping("/{id}")
    String view(@PathVariable String id, Model model, Authentication caller) {
        ResponseEntity<CustomerResponse> shown = customers.view(id, null, null, caller);
        CustomerResponse customer = shown.getBody();
        model.addAttribute("customer", customer);
        model.addAttribute("version", shown.getHeaders().getFirst(HttpHeaders.ETAG));
        model.addAttribute("editable", !Masking.of(caller).withholds(customer.status())
                && customer.status() != CustomerView.Status.RESTRICTED);
        model.addAttribute("timeline", customers.timeline(id, null, 0, TIMELINE_SIZE, null, caller));
        model.addAttribute("channels", Channel.values());
        for (String form : List.of("interaction", "purchase", "consent", "objection")) {
            if (!model.containsAttribute(form + "Errors")) {
                model.addAttribute(form + "Errors", Map.of());
                model.addAttribute(form + "Typed", Map.of());
            }
        }
        return "console/customer/view";
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable String id, Model model, Authentication caller) {
        ResponseEntity<CustomerResponse> shown = customers.view(id, null, null, caller);
        model.addAttribute("customer", shown.getBody());
        model.addAttribute("form", CustomerForm.of(shown.getBody(), shown.getHeaders().getFirst(HttpHeaders.ETAG)));
        model.addAttribute("seesAll", Masking.seesAll(caller));
        model.addAttribute("errors", Map.of());
        return "console/customer/edit";
    }

    /** The REST API's merge patch of the fields changed, under the version the form showed (If-Match). */
    @PostMapping("/{id}/edit")
    @OneTimeForm
    String rectify(@PathVariable String id, @ModelAttribute("form") CustomerForm form, Model model,
                   Authentication caller, HttpServletResponse response) {
        CustomerResponse current = customers.view(id, null, null, caller).getBody();
        model.addAttribute("customer", current);
        model.addAttribute("seesAll", Masking.seesAll(caller));
        try {
            String ifMatch = form.getVersion() == null || form.getVersion().isBlank() ? null : form.getVersion();
            var patch = form.toMergePatch(json, current, Masking.seesAll(caller));
            if (!patch.isEmpty()) {
                customers.rectify(id, patch, ifMatch, caller);
            }
            return "redirect:" + CUSTOMERS + "/" + current.id();
        } catch (RuntimeException failure) {
            return refused(failure, model, response, "console/customer/edit");
        }
    }

    /**
     * A language link on a page a refused form left (its address is the form's) asks for the customer again; the
     * redirect goes to the id only after checking it is one, so no text of the address is sent back.
     */
    @GetMapping({"/{id}/interactions", "/{id}/purchases", "/{id}/consents"})
    String backToView(@PathVariable String id) {
        try {
            return "redirect:" + CUSTOMERS + "/" + UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw new NotFoundException("customer");
        }
    }

    @PostMapping("/{id}/interactions")
    @OneTimeForm
    String recordInteraction(@PathVariable String id, @RequestParam(required = false) Channel channel,
                             @RequestParam(defaultValue = "") String summary, Model model, Authentication caller,
                             HttpServletResponse response) {
        return recorded(id, "interaction", () -> customers.recordInteraction(id,
                new RecordInteractionRequest(channel, summary.isBlank() ? null : summary, Instant.now()), null),
                Map.of("summary", summary), model, caller, response);
    }

    @PostMapping("/{id}/purchases")
    @OneTimeForm
    String recordPurchase(@PathVariable String id, @RequestParam(defaultValue = "") String orderRef,
                          @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String currency,
                          Model model, Authentication caller, HttpServletResponse response) {
        return recorded(id, "purchase", () -> customers.recordPurchase(id, new RecordPurchaseRequest(blankless(orderRef),
                        blankless(amount), blankless(currency), Instant.now()), null),
                Map.of("orderRef", orderRef, "amount", amount, "currency", currency), model, caller, response);
    }

    /**
     * Grants or withdraws a consent under the privacy notice version the customer was shown, as the API's PUT does,
     * and under the version of the customer the page showed (If-Match): a page left open while someone else changed
     * the customer is refused and changes nothing.
     */
    @PostMapping("/{id}/consents")
    @OneTimeForm
    String setConsent(@PathVariable String id, @RequestParam(defaultValue = "") String purpose,
                      @RequestParam(required = false) Boolean granted,
                      @RequestParam(defaultValue = "") String noticeVersion,
                      @RequestParam(required = false) Channel consentChannel,
                      @RequestParam(defaultValue = "") String version, Model model, Authentication caller,
                      HttpServletResponse response) {
        return recorded(id, "consent", () -> {
            if (purpose.isBlank()) {
                throw new InvalidRequestException("purpose", "is required");
            }
            customers.setConsent(id, purpose.strip(), new ConsentRequest(granted, blankless(noticeVersion),
                    consentChannel), blankless(version), caller);
        }, Map.of("purpose", purpose, "noticeVersion", noticeVersion), model, caller, response);
    }

    /**
     * Records what a form on the 360 view asks for and shows the view again; a refusal shows the view with the API's
     * messages beside that form's fields, and what was typed kept.
     */
    private String recorded(String id, String form, Runnable record, Map<String, String> typed, Model model,
                            Authentication caller, HttpServletResponse response) {
        try {
            record.run();
            return "redirect:" + CUSTOMERS + "/" + id;
        } catch (RuntimeException failure) {
            Map<String, String> errors = formErrors(failure).orElseThrow(() -> failure);
            response.setStatus(FormRefusals.status(failure));
            model.addAttribute(form + "Errors", errors);
            model.addAttribute(form + "Typed", typed);
            return view(id, model, caller);
        }
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /**
     * The API's field messages beside each input (422), or one message for the form: stale (412) or restricted (409),
     * the API's statuses for the same refusals. Anything else is a failure page.
     */
    private static String refused(RuntimeException failure, Model model, HttpServletResponse response, String page) {
        model.addAttribute("errors", formErrors(failure).orElseThrow(() -> failure));
        response.setStatus(FormRefusals.status(failure));
        return page;
    }

    /**
     * What a form shows for a refusal the user can act on: the API's messages by field, or under the key "" a
     * message code for the whole form (stale, restricted). Empty for any other failure, which is a failure page.
     */
    private static Optional<Map<String, String>> formErrors(Throwable failure) {
        Optional<Map<String, String>> errors = FieldErrors.of(failure);
        if (errors.isPresent()) {
            return errors;
        }
        if (FormRefusals.isStale(failure)) {
            return Optional.of(Map.of("", FormRefusals.STALE));
        }
        if (isRestricted(failure)) {
            return Optional.of(Map.of("", "restricted"));
        }
        if (causes(failure).stream().anyMatch(DuplicateOrderException.class::isInstance)) {
            return Optional.of(FieldErrors.byField(List.of(new InvalidCustomerDataException.Violation("orderRef",
                    "is already recorded for this customer"))));
        }
        return Optional.empty();
    }

    private static boolean isRestricted(Throwable failure) {
        return causes(failure).stream().anyMatch(ProcessingRestrictedException.class::isInstance);
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
