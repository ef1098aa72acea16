package org.customervault.api.console.compliance;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.customervault.api.retention.RetentionController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Retention, read-only: what each configured policy would erase now, who it keeps and why (a legal hold, an open
 * request, a restriction), and the latest runs. The API's own preview: customer ids and counts, no personal value.
 */
@Hidden
@Controller
class ConsoleRetentionController {

    private final RetentionController retention;

    ConsoleRetentionController(RetentionController retention) {
        this.retention = retention;
    }

    @GetMapping(ConsoleComplianceCustomerController.COMPLIANCE + "/retention")
    String retention(Model model) {
        RetentionController.Preview preview = retention.preview();
        model.addAttribute("preview", preview);
        model.addAttribute("asOf", ConsoleTimes.shown(preview.asOf()));
        model.addAttribute("policies", preview.policies().stream().map(policy -> new PolicyRow(policy,
                ConsoleTimes.shown(policy.inactiveBefore()), List.of(new IdGroup("due", policy.customerIds()),
                new IdGroup("held", policy.heldCustomerIds()), new IdGroup("openRequest", policy.openRequestCustomerIds()),
                new IdGroup("restricted", policy.restrictedCustomerIds())))).toList());
        model.addAttribute("runs", preview.runs().stream().map(run -> new RunRow(run, ConsoleTimes.shown(run.startedAt()),
                ConsoleTimes.shown(run.finishedAt()))).toList());
        return "console/compliance/retention";
    }

    /** A policy's preview with its moment as the console shows times. */
    record PolicyRow(RetentionController.PolicyPreview policy, String inactiveBefore, List<IdGroup> groups) {
    }

    /** The ids a policy lists under one of its counts (the API lists a few, the counts cover all). */
    record IdGroup(String name, List<String> ids) {
    }

    /** A run with its moments as the console shows times (finished absent while it runs). */
    record RunRow(RetentionController.RunResponse run, String startedAt, String finishedAt) {
    }
}
