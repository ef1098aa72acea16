package org.customervault.api.listing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.customervault.api.problem.InvalidRequestException;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request to the API whose query string has a parameter its operation does not take: a
 * misspelt filter ({@code stauts=ACTIVE}) would otherwise list everything and look like an answer.
 * The problem names the parameters the operation knows, not the one sent, which may carry anything.
 */
class KnownQueryParameters implements HandlerInterceptor {

    private static final String API_PACKAGE = "org.customervault.api.";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getName().startsWith(API_PACKAGE)
                || request.getQueryString() == null) {
            return true;
        }
        Set<String> known = known(method);
        for (String name : request.getParameterMap().keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("query", known.isEmpty()
                        ? "this operation takes no query parameters"
                        : "has a parameter this operation does not take; it takes " + String.join(", ", known));
            }
        }
        return true;
    }

    private static Set<String> known(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(method.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(RequestParam.class))
                .map(KnownQueryParameters::name)
                .forEach(names::add);
        return names;
    }

    private static String name(MethodParameter parameter) {
        RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
        String name = annotation.name().isEmpty() ? annotation.value() : annotation.name();
        if (name.isEmpty()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            name = parameter.getParameterName();
        }
        return name;
    }
}
