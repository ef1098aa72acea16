package org.customervault.api.customer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import org.customervault.api.problem.PreconditionRequiredException;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request without {@code If-Match} to any handler that takes one, before the handler runs.
 * Asking the handlers, rather than listing paths, keeps a new write that takes {@code If-Match} covered.
 */
final class RequiredIfMatch implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && takesIfMatch(method)
                && request.getHeader(EntityTags.IF_MATCH) == null) {
            throw new PreconditionRequiredException();
        }
        return true;
    }

    private static boolean takesIfMatch(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters())
                .map(parameter -> parameter.getParameterAnnotation(RequestHeader.class))
                .anyMatch(header -> header != null && (EntityTags.IF_MATCH.equalsIgnoreCase(header.name())
                        || EntityTags.IF_MATCH.equalsIgnoreCase(header.value())));
    }
}
