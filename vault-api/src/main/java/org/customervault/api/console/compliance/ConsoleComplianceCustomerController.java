package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.customervault.api.compliance.ComplianceController;
import org.customervault.api.console.ConsolePaths;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.console.FormRefusals;
import org.customervault.api.customer.CustomerController;
import org.customervault.api.customer.CustomerResponse;
import org.customervault.api.customer.LegalHoldRequest;
import org.customervault.api.customer.RestrictionRequest;
import org.customervault.api.idempotency.OneTimeForm;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compliance officer's screens for one customer: restriction and legal hold, the history as of a moment, and
 * the export as a file. Each calls the REST API's own operation, so the rules, the masking and the access log
 * entries are the API's; the customer is addressed by id only, and the moment asked for is a date and time.
 */
@Hidden
@Controller
@RequestMapping(ConsoleComplianceCustomerController.CUSTOMER)
class ConsoleComplianceCustomerController {

    static final String COMPLIANCE = ConsolePaths.CONSOLE + "/compliance";
    static final String CUSTOMER = COMPLIANCE + "/customers/{id}";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final CustomerController customers;
    private final ComplianceController compliance;
    private final JsonMapper json;

    ConsoleComplianceCustomerController(CustomerController customers, ComplianceController compliance, JsonMapper json) {
        this.customers = customers;
        this.compliance = compliance;
        this.json = json;
    }

    @GetMapping
    String customer(@PathVariable String id, Model model, Authentication caller) {
        ResponseEntity<CustomerResponse> shown = customers.view(id, null, null, caller);
        CustomerResponse customer = shown.getBody();
        model.addAttribute("customer", customer);
        model.addAttribute("version", shown.getHeaders().getFirst(HttpHeaders.ETAG));
        model.addAttribute("restricted", customer.status() == org.customervault.domain.customer.api.CustomerView.Status.RESTRICTED);
        if (!model.containsAttribute("restrictionErrors")) {
            model.addAttribute("restrictionErrors", Map.of());
            model.addAttribute("holdErrors", Map.of());
        }
        return "console/compliance/customer";
    }

    /**
     * The form carries the version of the customer its page showed, sent as the API's If-Match: a form left open
     * while someone else changed the customer is refused with the API's 412 and changes nothing, rather than toggling
     * a state its user did not see; the page shown again says so and shows the customer as it is now.
     */
    @PostMapping("/restriction")
    @OneTimeForm
    String restrict(@PathVariable String id, @RequestParam boolean restricted, @RequestParam(defaultValue = "") String reason,
                    @RequestParam(defaultValue = "") String version, Model model, Authentication caller,
                    HttpServletResponse response) {
        try {
            customers.setRestriction(id, new RestrictionRequest(restricted, blankless(reason)), blankless(version), caller);
            return "redirect:" + COMPLIANCE + "/customers/" + id;
        } catch (RuntimeException failure) {
            model.addAttribute("restrictionErrors", errors(failure));
            model.addAttribute("holdErrors", Map.of());
            response.setStatus(FormRefusals.status(failure));
            return customer(id, model, caller);
        }
    }

    /** Under the version the page showed, as the restriction is. */
    @PostMapping("/legal-hold")
    @OneTimeForm
    String hold(@PathVariable String id, @RequestParam boolean held, @RequestParam(defaultValue = "") String reason,
                @RequestParam(defaultValue = "") String version, Model model, Authentication caller,
                HttpServletResponse response) {
        try {
            customers.setLegalHold(id, new LegalHoldRequest(held, blankless(reason)), blankless(version), caller);
            return "redirect:" + COMPLIANCE + "/customers/" + id;
        } catch (RuntimeException failure) {
            model.addAttribute("holdErrors", errors(failure));
            model.addAttribute("restrictionErrors", Map.of());
            response.setStatus(FormRefusals.status(failure));
            return customer(id, model, caller);
        }
    }

    /** The history up to the moment asked for (a date and time in the server's zone), or up to now. */
    @GetMapping("/history")
    String history(@PathVariable String id, @RequestParam(required = false) String asOf, Model model,
                   Authentication caller, HttpServletResponse response) {
        model.addAttribute("id", id);
        model.addAttribute("asOfTyped", asOf == null ? "" : asOf);
        Map<String, Object> answer;
        try {
            answer = json.convertValue(compliance.history(id, ConsoleTimes.instant("asOf", asOf), null, caller), OBJECT);
        } catch (RuntimeException failure) {
            model.addAttribute("errors", FieldErrors.of(failure).filter(errors -> errors.containsKey("asOf"))
                    .orElseThrow(() -> failure));
            response.setStatus(422);
            return "console/compliance/history";
        }
        model.addAttribute("errors", Map.of());
        model.addAttribute("asOfShown", ConsoleTimes.shown(answer.get("asOf")));
        if (asOf == null || asOf.isBlank()) {
            model.addAttribute("asOfTyped", ConsoleTimes.input(Instant.parse(answer.get("asOf").toString())));
        }
        model.addAttribute("state", answer.get("stateAsOf"));
        List<EventRow> events = new ArrayList<>();
        for (Object event : (List<?>) answer.get("events")) {
            Map<?, ?> entry = (Map<?, ?>) event;
            Map<?, ?> data = entry.get("data") instanceof Map<?, ?> members ? members : Map.of();
            events.add(new EventRow(((Number) entry.get("sequence")).longValue(), ConsoleTimes.shown(entry.get("occurredAt")),
                    String.valueOf(entry.get("type")), entry.get("actor") == null ? null : entry.get("actor").toString(),
                    data.entrySet().stream().map(member -> member.getKey() + ": " + (member.getValue() == null ? "—" : member.getValue()))
                            .collect(Collectors.joining("; "))));
        }
        model.addAttribute("events", events);
        return "console/compliance/history";
    }

    /** One event as a row: what it recorded, member by member (the officer reads the personal values here). */
    record EventRow(long sequence, String occurredAt, String type, String actor, String data) {
    }

    /** The API's export, byte for byte the JSON its GET answers, as a file to keep. */
    @GetMapping("/export")
    ResponseEntity<byte[]> export(@PathVariable String id, Authentication caller) {
        ComplianceController.ExportResponse export = compliance.export(id, null, caller);
        return attachment(json.writeValueAsBytes(export), "customer-" + export.subjectId() + "-export-"
                + DateTimeFormatter.ISO_INSTANT.format(export.exportedAt()).replace(':', '-') + ".json");
    }

    static ResponseEntity<byte[]> attachment(byte[] body, String filename) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }

    /** The API's messages by field, or "stale" for the whole form when the customer changed since the page showed it. */
    private static Map<String, String> errors(RuntimeException failure) {
        if (FormRefusals.isStale(failure)) {
            return Map.of("", FormRefusals.STALE);
        }
        return FieldErrors.of(failure).orElseThrow(() -> failure);
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
