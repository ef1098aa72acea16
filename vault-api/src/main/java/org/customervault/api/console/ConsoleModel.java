package org.customervault.api.console;

import org.customervault.api.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's header needs: who is signed in and which screens their role opens. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("signedIn")
    SignedIn signedIn(Authentication caller) {
        if (caller == null || !caller.isAuthenticated()) {
            return null;
        }
        return new SignedIn(caller.getName(), has(caller, Role.AGENT) || has(caller, Role.COMPLIANCE) || has(caller, Role.ADMIN),
                has(caller, Role.COMPLIANCE) || has(caller, Role.ADMIN), has(caller, Role.ADMIN));
    }

    private static boolean has(Authentication caller, Role role) {
        return caller.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_" + role));
    }

    /** The signed-in user's name and the screens their role may open. */
    record SignedIn(String name, boolean customers, boolean compliance, boolean admin) {
    }
}
