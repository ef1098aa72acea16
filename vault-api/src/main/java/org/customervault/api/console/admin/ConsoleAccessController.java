package org.customervault.api.console.admin;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.console.FieldErrors;
import org.customervault.api.console.compliance.ConsoleTimes;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.Role;
import org.customervault.api.security.token.TokenAdminController;
import org.customervault.api.security.user.UserAdminController;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who may use the vault: API tokens (issued, listed, revoked) and the users ADMIN manages (created,
 * listed, removed), through the API's own operations, so their rules and logs are the API's. A new
 * token's secret is in the page that answers the issue, once: never in a URL, a redirect or a log, and
 * that page is not cached (the console's chain sends {@code no-store}). A password only travels in a
 * posted form's body and is never shown back.
 */
@Hidden
@Controller
@RequestMapping(ConsoleAdminController.ADMIN)
class ConsoleAccessController {

    private final TokenAdminController tokens;
    private final UserAdminController users;

    ConsoleAccessController(TokenAdminController tokens, UserAdminController users) {
        this.tokens = tokens;
        this.users = users;
    }

    @GetMapping("/tokens")
    String tokens(Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("roles", Role.values());
        model.addAttribute("tokens", tokens.list().items());
        return "console/admin/tokens";
    }

    /**
     * Answers with the page itself, not a redirect: the secret is shown in this answer and nowhere else. The expiry,
     * when given, is a date and time in the server's time zone, as the console's other inputs are.
     */
    @PostMapping("/tokens")
    String issue(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) List<String> roles,
                 @RequestParam(defaultValue = "") String expiresAt, Model model, Authentication caller,
                 HttpServletResponse response) {
        try {
            String expiry = ConsoleTimes.instant("expiresAt", expiresAt);
            TokenAdminController.IssuedToken issued = tokens.issue(
                    new TokenAdminController.IssueTokenRequest(name.strip(), roles == null ? List.of() : roles,
                            expiry == null ? null : Instant.parse(expiry)),
                    caller).getBody();
            model.addAttribute("issued", issued);
        } catch (RuntimeException failure) {
            refused(failure, model, response);
            model.addAttribute("form", Map.of("name", name, "expiresAt", expiresAt));
        }
        return tokens(model);
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, Authentication caller) {
        tokens.revoke(id, caller);
        return "redirect:" + ConsoleAdminController.ADMIN + "/tokens";
    }

    @GetMapping("/users")
    String users(Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("changeErrors")) {
            model.addAttribute("changeErrors", Map.of());
        }
        model.addAttribute("roles", Role.values());
        model.addAttribute("users", users.list().items());
        return "console/admin/users";
    }

    @PostMapping("/users")
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String password,
                  @RequestParam(required = false) List<String> roles, Model model, Authentication caller,
                  HttpServletResponse response) {
        try {
            users.create(new UserAdminController.CreateUserRequest(name.strip(), password,
                    roles == null ? List.of() : roles), caller);
        } catch (RuntimeException failure) {
            refused(failure, model, response);
            model.addAttribute("form", Map.of("name", name));
            return users(model);
        }
        return "redirect:" + ConsoleAdminController.ADMIN + "/users";
    }

    /**
     * The API's merge patch of a managed user: a new password, new roles, or both (no role ticked keeps the roles, a
     * blank password keeps the password). The name is posted, as for a removal; the password is never shown back.
     */
    @PostMapping("/users/change")
    String change(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String password,
                  @RequestParam(required = false) List<String> roles, Model model, Authentication caller,
                  HttpServletResponse response) {
        try {
            users.change(name, new UserAdminController.ChangeUserRequest(password.isEmpty() ? null : password,
                    roles == null || roles.isEmpty() ? null : roles), caller);
        } catch (RuntimeException failure) {
            if (failure instanceof NotFoundException) {
                model.addAttribute("changeErrors", Map.of("", "missing"));
                response.setStatus(404);
            } else if (failure instanceof ConflictException) {
                model.addAttribute("changeErrors", Map.of("", "conflict"));
                response.setStatus(409);
            } else if (failure instanceof InvalidRequestException) {
                model.addAttribute("changeErrors", FieldErrors.of(failure).orElseThrow(() -> failure));
                response.setStatus(422);
            } else {
                throw failure;
            }
            model.addAttribute("changeForm", Map.of("name", name));
            return users(model);
        }
        return "redirect:" + ConsoleAdminController.ADMIN + "/users?changed";
    }

    /** The name is posted, not put in the path: a user's name may be an email address. */
    @PostMapping("/users/remove")
    String remove(@RequestParam String name, Authentication caller) {
        users.remove(name, caller);
        return "redirect:" + ConsoleAdminController.ADMIN + "/users";
    }

    /** The API's field messages (422) or its conflict (409), beside the form; anything else is the failure page. */
    private static void refused(RuntimeException failure, Model model, HttpServletResponse response) {
        if (failure instanceof ConflictException) {
            model.addAttribute("errors", Map.of("", "conflict"));
            response.setStatus(409);
            return;
        }
        if (!(failure instanceof InvalidRequestException)) {
            throw failure;
        }
        model.addAttribute("errors", FieldErrors.of(failure).orElseThrow(() -> failure));
        response.setStatus(422);
    }
}
