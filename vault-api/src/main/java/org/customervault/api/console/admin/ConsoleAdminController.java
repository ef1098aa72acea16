package org.customervault.api.console.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.TreeMap;
import org.customervault.api.admin.DeadLetterAdminController;
import org.customervault.api.console.ConsolePaths;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The administrator's view of the vault's state: what {@code /actuator/health} shows to ADMIN (the same
 * endpoint, the same indicators) with each event processor's lag (the {@code vault.processor.lag} gauge this node
 * reports), and the read models' parked events with a retry, through the API's own
 * operation. The console's chain opens {@code /console/admin/**} to ADMIN only.
 */
@Hidden
@Controller
@RequestMapping(ConsoleAdminController.ADMIN)
class ConsoleAdminController {

    static final String ADMIN = ConsolePaths.CONSOLE + "/admin";

    private final HealthEndpoint health;
    private final DeadLetterAdminController deadLetters;
    private final MeterRegistry meters;

    ConsoleAdminController(HealthEndpoint health, DeadLetterAdminController deadLetters, MeterRegistry meters) {
        this.health = health;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @GetMapping
    String home() {
        return "console/admin/home";
    }

    /** Each component's status and details, by name; a composite's parts are listed as its details. */
    @GetMapping("/health")
    String health(Model model) {
        HealthDescriptor overall = health.health();
        model.addAttribute("status", overall.getStatus().getCode());
        Map<String, Component> components = new TreeMap<>();
        if (overall instanceof CompositeHealthDescriptor composite) {
            composite.getComponents().forEach((name, part) -> components.put(name, Component.of(part)));
        }
        model.addAttribute("components", components);
        model.addAttribute("lags", lags());
        return "console/admin/health";
    }

    @GetMapping("/dead-letters")
    String deadLetters(Model model) {
        DeadLetterAdminController.DeadLettersResponse parked = deadLetters.list();
        model.addAttribute("parked", new TreeMap<>(parked.parked()));
        model.addAttribute("events", parked.events());
        return "console/admin/dead-letters";
    }

    /** Hands every parked event to its read model again and shows the counts before and after. */
    @PostMapping("/dead-letters/retry")
    String retry(Model model) {
        DeadLetterAdminController.RetryResponse retried = deadLetters.retry();
        model.addAttribute("before", new TreeMap<>(retried.parkedBefore()));
        model.addAttribute("after", new TreeMap<>(retried.parkedAfter()));
        return deadLetters(model);
    }

    /** Events stored but not yet handled, per processor; none where this node works on none of its segments. */
    private Map<String, String> lags() {
        Map<String, String> lags = new TreeMap<>();
        for (Gauge gauge : meters.find("vault.processor.lag").gauges()) {
            double lag = gauge.value();
            lags.put(gauge.getId().getTag("processor"), Double.isNaN(lag) ? "—" : String.valueOf((long) lag));
        }
        return lags;
    }

    /** A component's status and its details as text, in name order. */
    record Component(String status, Map<String, String> details) {

        static Component of(HealthDescriptor descriptor) {
            Map<String, String> details = new TreeMap<>();
            if (descriptor instanceof IndicatedHealthDescriptor indicated && indicated.getDetails() != null) {
                indicated.getDetails().forEach((name, value) -> details.put(name, String.valueOf(value)));
            }
            if (descriptor instanceof CompositeHealthDescriptor composite && composite.getComponents() != null) {
                composite.getComponents().forEach((name, part) -> details.put(name, part.getStatus().getCode()));
            }
            return new Component(descriptor.getStatus().getCode(), details);
        }
    }
}
