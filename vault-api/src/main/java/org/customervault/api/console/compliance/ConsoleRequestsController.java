package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.console.FormRefusals;
import org.customervault.api.idempotency.OneTimeForm;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.subjectrequest.EvidenceType;
import org.customervault.api.subjectrequest.RequestDetail;
import org.customervault.api.subjectrequest.RequestStatus;
import org.customervault.api.subjectrequest.RequestSummary;
import org.customervault.api.subjectrequest.SubjectRequestController;
import org.customervault.api.subjectrequest.SubjectRequestController.AnswerRequest;
import org.customervault.api.subjectrequest.SubjectRequestController.Evidence;
import org.customervault.api.subjectrequest.SubjectRequestController.NewRequest;
import org.customervault.api.subjectrequest.SubjectRequestController.ReasonRequest;
import org.customervault.api.subjectrequest.SubjectRequestController.Requester;
import org.customervault.api.subjectrequest.SubjectRequestController.VerificationRequest;
import org.customervault.api.subjectrequest.VerificationMethod;
import org.customervault.domain.customer.Channel;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A data subject's request from the console: recorded through the API's own operation, then shown with its due date,
 * legal source and hash-chained steps, with a form for each step its status still allows. Every step is the API's,
 * so a wrong status (409) or evidence the vault does not hold (400) is the API's refusal, shown beside the form, and
 * nothing is stored. The request is addressed by its id; the requester's contact is only in posted forms and the page.
 */
@Hidden
@Controller
@RequestMapping(ConsoleRequestsController.REQUESTS)
class ConsoleRequestsController {

    static final String REQUESTS = ConsoleComplianceCustomerController.COMPLIANCE + "/requests";
    /** The kinds the API takes, in its own words. */
    private static final List<String> KINDS = List.of("access", "rectification", "erasure", "restriction", "objection",
            "portability", "consent-withdrawal");
    private static final EnumSet<RequestStatus> OPEN = EnumSet.of(RequestStatus.RECEIVED, RequestStatus.VERIFIED,
            RequestStatus.IN_PROGRESS);

    private final SubjectRequestController requests;

    ConsoleRequestsController(SubjectRequestController requests) {
        this.requests = requests;
    }

    /** The blank form; from a customer's compliance page it names that customer (an id, nothing personal). */
    @GetMapping("/new")
    String recording(@RequestParam(defaultValue = "") String subjectId, Model model) {
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("subjectId", subjectId.matches("[0-9a-fA-F-]{36}") ? subjectId : "");
        typed.put("receivedAt", ConsoleTimes.input(Instant.now()));
        return recordForm(model, typed, Map.of());
    }

    /** Posted to the form's own address, so a language link on a refused form opens the blank form again. */
    @PostMapping("/new")
    @OneTimeForm
    String record(@RequestParam(defaultValue = "") String subjectId, @RequestParam(defaultValue = "") String kind,
                  @RequestParam(defaultValue = "") String jurisdiction, @RequestParam(required = false) Channel channel,
                  @RequestParam(defaultValue = "") String receivedAt, @RequestParam(defaultValue = "") String requesterName,
                  @RequestParam(defaultValue = "") String requesterEmail, @RequestParam(defaultValue = "") String notes,
                  Model model, Authentication caller, HttpServletResponse response) {
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("subjectId", subjectId);
        typed.put("kind", kind);
        typed.put("jurisdiction", jurisdiction);
        typed.put("channel", channel == null ? "" : channel.name());
        typed.put("receivedAt", receivedAt);
        typed.put("requester.name", requesterName);
        typed.put("requester.email", requesterEmail);
        typed.put("notes", notes);
        try {
            Requester requester = blankless(requesterName) == null && blankless(requesterEmail) == null ? null
                    : new Requester(blankless(requesterName), blankless(requesterEmail));
            ResponseEntity<RequestSummary> recorded = requests.record(new NewRequest(blankless(subjectId),
                    blankless(kind), blankless(jurisdiction), channel, instant(receivedAt), requester, blankless(notes)),
                    caller);
            return "redirect:" + REQUESTS + "/" + recorded.getBody().id();
        } catch (RuntimeException failure) {
            response.setStatus(422);
            return recordForm(model, typed, FieldErrors.of(failure).orElseThrow(() -> failure));
        }
    }

    private String recordForm(Model model, Map<String, String> typed, Map<String, String> errors) {
        model.addAttribute("typed", typed);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("channels", Channel.values());
        return "console/compliance/request-new";
    }

    /** The request with its steps; each read is the API's, so it is in the access log. */
    @GetMapping("/{id}")
    String request(@PathVariable String id, Model model, Authentication caller) {
        RequestDetail detail = requests.get(id, null, caller);
        RequestSummary request = detail.request();
        boolean open = OPEN.contains(request.status());
        model.addAttribute("detail", detail);
        model.addAttribute("request", request);
        // the API's words for a law it knows no term of; a law's own name is shown as the law writes it
        model.addAttribute("legalSourceKnown", !SubjectRequestController.NO_KNOWN_TERM.equals(request.legalSource()));
        model.addAttribute("receivedAt", ConsoleTimes.shown(request.receivedAt()));
        model.addAttribute("verifiedAt", detail.verification() == null ? null
                : ConsoleTimes.shown(detail.verification().at()));
        model.addAttribute("closedAt", ConsoleTimes.shown(detail.closedAt()));
        model.addAttribute("steps", detail.history().stream().map(step -> new StepRow(ConsoleTimes.shown(step.at()),
                step.actor(), step.action(), step.status(), step.dueOn() == null ? null : step.dueOn().toString()))
                .toList());
        // the forms of the steps the API takes from this status; it refuses a second extension and one past the due date
        Map<String, Boolean> offered = Map.of("verification", request.status() == RequestStatus.RECEIVED,
                "start", request.status() == RequestStatus.VERIFIED,
                "answer", request.status() == RequestStatus.IN_PROGRESS,
                "extension", open && !request.extended() && !request.overdue(),
                "refusal", open);
        model.addAttribute("offered", offered);
        model.addAttribute("methods", VerificationMethod.values());
        model.addAttribute("evidenceTypes", EvidenceType.values());
        if (!model.containsAttribute("failedStep")) {
            model.addAttribute("failedStep", "");
            model.addAttribute("errors", Map.of());
            model.addAttribute("typed", Map.of());
        }
        // a step refused because the request moved on meanwhile has no form left to show it beside: said above them
        String failed = (String) model.getAttribute("failedStep");
        @SuppressWarnings("unchecked")
        Map<String, String> errors = (Map<String, String>) model.getAttribute("errors");
        model.addAttribute("stepRefused", offered.getOrDefault(failed, true) ? null : String.join("; ", errors.values()));
        return "console/compliance/request";
    }

    /** A language link on a page a refused step left (its address is the step's) opens the request again. */
    @GetMapping({"/{id}/verification", "/{id}/start", "/{id}/extension", "/{id}/answer", "/{id}/refusal"})
    String backToRequest(@PathVariable String id) {
        try {
            return "redirect:" + REQUESTS + "/" + UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw new NotFoundException("request");
        }
    }

    @PostMapping("/{id}/verification")
    @OneTimeForm
    String verify(@PathVariable String id, @RequestParam(required = false) VerificationMethod method, Model model,
                  Authentication caller, HttpServletResponse response) {
        return step(id, "verification", () -> requests.verify(id, new VerificationRequest(method), caller), Map.of(),
                model, caller, response);
    }

    @PostMapping("/{id}/start")
    @OneTimeForm
    String start(@PathVariable String id, Model model, Authentication caller, HttpServletResponse response) {
        return step(id, "start", () -> requests.start(id, caller), Map.of(), model, caller, response);
    }

    @PostMapping("/{id}/extension")
    @OneTimeForm
    String extend(@PathVariable String id, @RequestParam(name = "extensionReason", defaultValue = "") String reason,
                  Model model, Authentication caller, HttpServletResponse response) {
        return step(id, "extension", () -> requests.extend(id, new ReasonRequest(blankless(reason)), caller),
                Map.of("reason", reason), model, caller, response);
    }

    @PostMapping("/{id}/answer")
    @OneTimeForm
    String answer(@PathVariable String id, @RequestParam(required = false) EvidenceType evidenceType,
                  @RequestParam(defaultValue = "") String evidenceReference, Model model, Authentication caller,
                  HttpServletResponse response) {
        return step(id, "answer", () -> requests.answer(id, new AnswerRequest(new Evidence(evidenceType,
                        blankless(evidenceReference))), caller),
                Map.of("evidence.type", evidenceType == null ? "" : evidenceType.name(),
                        "evidence.reference", evidenceReference), model, caller, response);
    }

    @PostMapping("/{id}/refusal")
    @OneTimeForm
    String refuse(@PathVariable String id, @RequestParam(name = "refusalReason", defaultValue = "") String reason,
                  Model model, Authentication caller, HttpServletResponse response) {
        return step(id, "refusal", () -> requests.refuse(id, new ReasonRequest(blankless(reason)), caller),
                Map.of("reason", reason), model, caller, response);
    }

    /**
     * Takes a step through the API and shows the request again; a refusal shows the request as it still is, with the
     * API's words beside the step's form: its field messages (422), or its conflict's detail (409) for the whole form.
     */
    private String step(String id, String name, Runnable step, Map<String, String> typed, Model model,
                        Authentication caller, HttpServletResponse response) {
        try {
            step.run();
            return "redirect:" + REQUESTS + "/" + UUID.fromString(id);
        } catch (RuntimeException failure) {
            Map<String, String> errors = FormRefusals.shown(failure, response);
            model.addAttribute("failedStep", name);
            model.addAttribute("errors", errors);
            model.addAttribute("typed", typed);
            return request(id, model, caller);
        }
    }

    /** An empty moment is left for the API to name as required; a malformed one is refused here, beside its input. */
    private static Instant instant(String local) {
        String iso = ConsoleTimes.instant("receivedAt", local);
        return iso == null ? null : Instant.parse(iso);
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** One step of the request's chained history. */
    record StepRow(String at, String actor, String action, RequestStatus status, String dueOn) {
    }
}
