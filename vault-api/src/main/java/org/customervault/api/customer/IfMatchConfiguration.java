package org.customervault.api.customer;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** With {@code vault.api.require-if-match} on, writes that take {@code If-Match} need it ({@link RequiredIfMatch}). */
@Configuration(proxyBeanMethods = false)
class IfMatchConfiguration implements WebMvcConfigurer {

    private final IfMatchSettings settings;

    IfMatchConfiguration(IfMatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (settings.requireIfMatch()) {
            registry.addInterceptor(new RequiredIfMatch()).addPathPatterns("/api/**");
        }
    }
}
