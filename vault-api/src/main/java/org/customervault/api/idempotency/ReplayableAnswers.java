package org.customervault.api.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Tells {@link IdempotencyFilter}, which runs before any handler is chosen, whether the chosen one is a {@link ReplayableAnswer}. */
final class ReplayableAnswers implements HandlerInterceptor {

    static final String ATTRIBUTE = ReplayableAnswers.class.getName();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(ReplayableAnswer.class)) {
            request.setAttribute(ATTRIBUTE, Boolean.TRUE);
        }
        return true;
    }

    static boolean replayable(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ATTRIBUTE));
    }
}
