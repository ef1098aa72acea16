package org.customervault.api.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** A {@code lang} parameter changes the language only to one the console has (es, en); any other is ignored. */
final class SupportedLocalesOnly implements HandlerInterceptor {

    private final LocaleChangeInterceptor change;

    SupportedLocalesOnly(LocaleChangeInterceptor change) {
        this.change = change;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        String lang = request.getParameter(change.getParamName());
        if (lang == null || ConsoleLocales.SUPPORTED.stream().map(Locale::getLanguage).noneMatch(lang::equals)) {
            return true;
        }
        return change.preHandle(request, response, handler);
    }
}
