package org.customervault.api.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's entry, its sign-in page, the refusal page and the compliance officer's home. */
@Hidden
@Controller
@RequestMapping(ConsolePaths.CONSOLE)
class ConsoleController {

    @GetMapping({"", "/"})
    String home() {
        return "console/home";
    }

    /** After a refused sign-in, one message whatever the cause (a wrong name, password or a locked name). */
    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
                 @RequestParam(required = false) String expired, Model model) {
        model.addAttribute("failed", error != null);
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("expired", expired != null);
        return "console/login";
    }

    /** Where Spring Security forwards a request the role does not allow: a page saying so, with status 403. */
    @RequestMapping("/denied")
    String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/denied";
    }

    /** The compliance officer's home: links to the ledger, the access log, requests, notices, retention and the integrity check. */
    @GetMapping({"/compliance", "/compliance/"})
    String complianceHome() {
        return "console/compliance/home";
    }
}
