package org.customervault.api.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks Spanish and English: the language a {@code ?lang=es|en} link chose (kept in a
 * cookie), else the browser's Accept-Language, else Spanish. Messages are in
 * {@code console/messages*.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleLocales implements WebMvcConfigurer {

    static final Locale SPANISH = Locale.forLanguageTag("es");
    static final List<Locale> SUPPORTED = List.of(SPANISH, Locale.ENGLISH);
    static final String COOKIE = "console-lang";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Strict");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookiePath(ConsolePaths.CONSOLE);
        resolver.setDefaultLocaleFunction(ConsoleLocales::fromBrowser);
        return resolver;
    }

    /** The browser's first language the console has; Spanish when it sends none or none of ours. */
    static Locale fromBrowser(HttpServletRequest request) {
        String accepted = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        if (accepted == null || accepted.isBlank()) {
            return SPANISH;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(accepted), SUPPORTED);
            return best == null ? SPANISH : best;
        } catch (IllegalArgumentException malformed) {
            return SPANISH;
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(new SupportedLocalesOnly(change)).addPathPatterns(ConsolePaths.CONSOLE + "/**",
                ConsolePaths.CONSOLE);
    }
}
