package org.customervault.api.console;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.customervault.api.idempotency.FormTokenRefusedException;
import org.customervault.api.problem.ForbiddenException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.problem.PurposeRefusedException;
import org.customervault.api.problem.TooManyRequestsException;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.customer.CustomerErasedException;
import org.customervault.projections.compliance.AccessLogUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A console page that fails shows a page, not the API's JSON problem: what went wrong in the user's
 * language, never a failure's message (which may carry a value), and for the unexpected an incident id
 * the operator finds in the log.
 */
@ControllerAdvice(basePackageClasses = ConsoleFailures.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFailures.class);

    @ExceptionHandler(Exception.class)
    String failed(Exception failure, Model model, HttpServletResponse response) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FormTokenRefusedException refused) {
                return page(response, model, refused.reason().status(), switch (refused.reason()) {
                    case MISSING -> "error.formToken";
                    case REUSED -> "error.formReused";
                    case IN_FLIGHT -> "error.formInFlight";
                });
            }
            // a form tampered with or a bad page number: the caller's mistake, not an incident
            if (cause instanceof InvalidRequestException || cause instanceof ServletRequestBindingException
                    || cause instanceof TypeMismatchException) {
                return page(response, model, HttpServletResponse.SC_BAD_REQUEST, "error.badRequest");
            }
            if (cause instanceof NotFoundException) {
                return page(response, model, HttpServletResponse.SC_NOT_FOUND, "error.notFound");
            }
            if (cause instanceof CustomerErasedException || cause instanceof SubjectErasedException) {
                return page(response, model, HttpServletResponse.SC_GONE, "error.erased");
            }
            if (cause instanceof ForbiddenException || cause instanceof PurposeRefusedException) {
                return page(response, model, HttpServletResponse.SC_FORBIDDEN, "error.forbidden");
            }
            // fail closed, as the API does (503): no personal value is shown or stored without its key or its access-log entry
            if (cause instanceof KeyStoreUnavailableException) {
                LOG.warn("console: key store unavailable");
                return page(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "error.keyStoreUnavailable");
            }
            if (cause instanceof AccessLogUnavailableException) {
                LOG.warn("console: access log unavailable");
                return page(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "error.accessLogUnavailable");
            }
            if (cause instanceof TooManyRequestsException) {
                return page(response, model, 429, "error.tooMany");
            }
            // the API's 412 and 409, with the API's statuses: nothing was stored, and reloading shows why
            if (FormRefusals.isStale(cause)) {
                return page(response, model, HttpServletResponse.SC_PRECONDITION_FAILED, "error.stale");
            }
            if (FormRefusals.isConflict(cause)) {
                return page(response, model, HttpServletResponse.SC_CONFLICT, "error.conflict");
            }
        }
        String incident = UUID.randomUUID().toString();
        // the class names only: a failure's message may quote what was sent or stored
        StringBuilder chain = new StringBuilder(failure.getClass().getName());
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getClass().getName());
        }
        LOG.error("unexpected failure in the console, incident {}: {}", incident, chain);
        model.addAttribute("incident", incident);
        return page(response, model, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "error.unexpected");
    }

    private static String page(HttpServletResponse response, Model model, int status, String message) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "console/error";
    }
}
