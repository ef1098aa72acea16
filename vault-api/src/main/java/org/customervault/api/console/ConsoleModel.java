package org.customervault.api.console;

import org.customervault.api.idempotency.FormTokens;
import org.customervault.api.idempotency.OneTimeForm;
import org.customervault.api.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page needs: who is signed in, which screens their role opens, and its forms' one-time token. */
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

    /**
     * The one-time token every changing form of the page carries ({@link OneTimeForm}): new at every page shown, so a
     * form sent twice from one page acts once, and a form shown again after a refusal runs when sent again.
     */
    @ModelAttribute(OneTimeForm.FIELD)
    String formToken() {
        return FormTokens.next();
    }

    private static boolean has(Authentication caller, Role role) {
        return caller.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_" + role));
    }

    /** The signed-in user's name and the screens their role may open. */
    record SignedIn(String name, boolean customers, boolean compliance, boolean admin) {
    }
}
