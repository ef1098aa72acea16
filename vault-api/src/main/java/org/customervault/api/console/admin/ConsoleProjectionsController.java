package org.customervault.api.console.admin;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.customervault.api.admin.ProjectionAdminController;
import org.customervault.api.admin.ProjectionRebuild;
import org.customervault.api.admin.RebuildRefusedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The read models' rebuild from the console: started after an explicit confirmation (CRM screens show
 * partial lists until it ends), then followed on the same page, polled every second with htmx until
 * every read model has caught up (a link reloads it without JavaScript). The positions are every node's, from the token store.
 */
@Hidden
@Controller
@RequestMapping(ConsoleProjectionsController.PROJECTIONS)
class ConsoleProjectionsController {

    static final String PROJECTIONS = ConsoleAdminController.ADMIN + "/projections";

    private final ProjectionAdminController projections;
    private final ProjectionRebuild rebuild;

    ConsoleProjectionsController(ProjectionAdminController projections, ProjectionRebuild rebuild) {
        this.projections = projections;
        this.rebuild = rebuild;
    }

    @GetMapping
    String page(Model model) {
        return show(model, null);
    }

    /** The progress alone, which the page's htmx swaps in every second until every read model has caught up. */
    @GetMapping("/progress")
    String progress(Model model) {
        model.addAttribute("processors", projections.projections().processors());
        return "console/admin/projections :: progress";
    }

    @PostMapping("/rebuild")
    String rebuild(@RequestParam(required = false) String confirmed, Model model, Authentication caller,
                   HttpServletResponse response) {
        if (!"yes".equals(confirmed)) {
            response.setStatus(422);
            return show(model, "confirmed");
        }
        try {
            rebuild.start(caller);
        } catch (RebuildRefusedException refused) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return show(model, refused.reason().name());
        }
        return "redirect:" + PROJECTIONS;
    }

    private String show(Model model, String error) {
        model.addAttribute("processors", projections.projections().processors());
        model.addAttribute("error", error);
        return "console/admin/projections";
    }
}
