package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.customervault.api.console.FormRefusals;
import org.customervault.api.notice.NoticeController;
import org.customervault.api.notice.NoticeRequest;
import org.customervault.api.notice.PrivacyNotices;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The privacy notice's versions: registered through the API's own operation (its rules, its refusal of another text
 * under a version already registered), and listed newest first. The API reads one version at a time and has no list,
 * so the list reads the notices' table itself; a notice is addressed to everyone and holds nothing personal.
 */
@Hidden
@Controller
@RequestMapping(ConsoleNoticesController.NOTICES)
class ConsoleNoticesController {

    static final String NOTICES = ConsoleComplianceCustomerController.COMPLIANCE + "/notices";
    private static final int LISTED = 100;

    private final NoticeController notices;
    private final PrivacyNotices registered;

    ConsoleNoticesController(NoticeController notices, PrivacyNotices registered) {
        this.notices = notices;
        this.registered = registered;
    }

    @GetMapping
    String notices(Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("typed", Map.of());
        }
        model.addAttribute("notices", registered.latest(LISTED).stream().map(notice -> new NoticeRow(notice.version(),
                notice.language(), notice.sha256(), ConsoleTimes.shown(notice.registeredAt()), notice.text())).toList());
        return "console/compliance/notices";
    }

    /** Registering a version again with its very text changes nothing, as the API's 200 says; another text is a 409. */
    @PostMapping
    String register(@RequestParam(defaultValue = "") String version, @RequestParam(defaultValue = "") String text,
                    @RequestParam(defaultValue = "") String language, Model model, HttpServletResponse response) {
        try {
            notices.register(version.strip(), new NoticeRequest(text.isBlank() ? null : text,
                    language.isBlank() ? null : language.strip()));
            return "redirect:" + NOTICES;
        } catch (RuntimeException failure) {
            Map<String, String> errors = FormRefusals.shown(failure, response);
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("version", version);
            typed.put("text", text);
            typed.put("language", language);
            model.addAttribute("errors", errors);
            model.addAttribute("typed", typed);
            return notices(model);
        }
    }

    /** A registered version as listed; the text is shown whole, as the customers were shown it. */
    record NoticeRow(String version, String language, String sha256, String registeredAt, String text) {
    }
}
