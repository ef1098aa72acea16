package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.customervault.api.compliance.ComplianceController;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.integrity.IntegrityController;
import org.customervault.api.listing.ListHeaders;
import org.customervault.api.subjectrequest.RequestSummary;
import org.customervault.api.subjectrequest.SubjectRequestController;
import org.customervault.domain.customer.api.AccessEntry;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The compliance officer's lists: the access log filtered by customer, user and dates (posted, so a user's name
 * typed is in no URL), the data subjects' requests overdue first, and the integrity check's result.
 */
@Hidden
@Controller
@RequestMapping(ConsoleComplianceCustomerController.COMPLIANCE)
class ConsoleComplianceLogsController {

    private static final int ACCESS_LOG_PAGE = 100;
    private static final int REQUESTS_PAGE = 100;

    private final ComplianceController compliance;
    private final SubjectRequestController requests;
    private final IntegrityController integrity;

    ConsoleComplianceLogsController(ComplianceController compliance, SubjectRequestController requests,
                                    IntegrityController integrity) {
        this.compliance = compliance;
        this.requests = requests;
        this.integrity = integrity;
    }

    @GetMapping("/access-log")
    String accessLog(Model model, HttpServletResponse response) {
        return accessLog("", "", "", "", 0, model, response);
    }

    @PostMapping("/access-log")
    String accessLog(@RequestParam(defaultValue = "") String subjectId, @RequestParam(defaultValue = "") String actor,
                     @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                     @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        model.addAttribute("filter", Map.of("subjectId", subjectId, "actor", actor, "from", from, "to", to));
        model.addAttribute("page", page);
        try {
            ResponseEntity<List<AccessEntry>> found = compliance.accessLog(blankless(subjectId),
                    ConsoleTimes.date("from", from), ConsoleTimes.date("to", to), blankless(actor), null, page,
                    ACCESS_LOG_PAGE);
            model.addAttribute("entries", found.getBody().stream().map(entry -> new AccessRow(
                    ConsoleTimes.shown(entry.at()), entry.actor(),
                    entry.subjectId() == null ? null : entry.subjectId().value(), entry.action(), entry.purpose(),
                    entry.searchedBy() == null ? null : String.join(", ", entry.searchedBy()))).toList());
            model.addAttribute("total", found.getHeaders().getFirst(ListHeaders.TOTAL_COUNT));
            model.addAttribute("previousPage", page > 0 ? page - 1 : null);
            model.addAttribute("nextPage", found.getHeaders().getFirst(ListHeaders.NEXT_CURSOR) != null ? page + 1 : null);
            model.addAttribute("errors", Map.of());
        } catch (RuntimeException failure) {
            model.addAttribute("errors", FieldErrors.of(failure).orElseThrow(() -> failure));
            model.addAttribute("entries", List.of());
            response.setStatus(422);
        }
        return "console/compliance/access-log";
    }

    record AccessRow(String at, String actor, String subjectId, String action, String purpose, String searchedBy) {
    }

    /** The API's order: overdue first, then by due date. */
    @GetMapping("/requests")
    String requests(@RequestParam(defaultValue = "0") int page, Model model) {
        ResponseEntity<List<RequestSummary>> found = requests.list(null, null, null, page, REQUESTS_PAGE);
        model.addAttribute("requests", found.getBody());
        model.addAttribute("total", found.getHeaders().getFirst(ListHeaders.TOTAL_COUNT));
        model.addAttribute("previousPage", page > 0 ? page - 1 : null);
        model.addAttribute("nextPage", found.getHeaders().getFirst(ListHeaders.NEXT_CURSOR) != null ? page + 1 : null);
        return "console/compliance/requests";
    }

    /** Runs the check (it reads every chained row; the API answers 429 while another runs on this node). */
    @GetMapping("/integrity")
    String integrity(Model model) throws SQLException {
        model.addAttribute("report", integrity.integrity());
        return "console/compliance/integrity";
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
