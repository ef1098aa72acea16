package org.customervault.api.console.admin;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.UUID;
import org.customervault.api.admin.KeyAdminController;
import org.customervault.api.blindindex.BlindIndexRotationController;
import org.customervault.api.blindindex.BlindIndexRotationController.RotationResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Key rotation from the console, through the API's operations: the key-encryption key (at once, the
 * answer shown), and the search-token key, which re-indexes every customer online and is followed on its
 * own page, polled every second with htmx (a link reloads it without JavaScript). No key material is
 * shown anywhere: versions and identifiers only.
 */
@Hidden
@Controller
@RequestMapping(ConsoleKeysController.KEYS)
class ConsoleKeysController {

    static final String KEYS = ConsoleAdminController.ADMIN + "/keys";

    private final KeyAdminController wrappingKeys;
    private final BlindIndexRotationController searchKeys;

    ConsoleKeysController(KeyAdminController wrappingKeys, BlindIndexRotationController searchKeys) {
        this.wrappingKeys = wrappingKeys;
        this.searchKeys = searchKeys;
    }

    @GetMapping
    String keys() {
        return "console/admin/keys";
    }

    @PostMapping("/wrapping")
    String rotateWrappingKey(Model model, Authentication caller) {
        model.addAttribute("rotated", wrappingKeys.rotate(caller));
        return "console/admin/keys";
    }

    /** Starts the rotation, or answers the one already running, and follows it on its page. */
    @PostMapping("/blind-index")
    String rotateSearchKey(Authentication caller) {
        RotationResponse started = searchKeys.rotate(caller).getBody();
        return "redirect:" + KEYS + "/blind-index/" + started.id();
    }

    @GetMapping("/blind-index/{id}")
    String rotation(@PathVariable UUID id, Model model) {
        model.addAttribute("rotation", searchKeys.rotation(id));
        return "console/admin/rotation";
    }

    /** The progress alone, which the page's htmx swaps in every second until the rotation completes. */
    @GetMapping("/blind-index/{id}/progress")
    String progress(@PathVariable UUID id, Model model) {
        model.addAttribute("rotation", searchKeys.rotation(id));
        return "console/admin/rotation :: progress";
    }
}
