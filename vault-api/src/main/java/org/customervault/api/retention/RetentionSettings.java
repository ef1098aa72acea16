package org.customervault.api.retention;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention ({@code vault.retention.*}, environment {@code VAULT_RETENTION_*}). No policy by default: the
 * vault erases nobody by itself until one is configured.
 *
 * @param policies what falls due, each erased by the scheduled run under its own name
 * @param runEvery how often the vault looks for what fell due; one node of a cluster runs it per period
 */
@ConfigurationProperties("vault.retention")
public record RetentionSettings(@DefaultValue List<Policy> policies, @DefaultValue("1d") Duration runEvery) {

    /** A policy's name shows in certificates ({@code retention:<name>}) and in the runs: a short slug. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,49}$");

    public RetentionSettings {
        policies = policies == null ? List.of() : List.copyOf(policies);
        if (runEvery.isNegative() || runEvery.isZero()) {
            throw new IllegalArgumentException("vault.retention.run-every must be positive");
        }
        Set<String> names = new HashSet<>();
        for (Policy policy : policies) {
            if (!names.add(policy.name())) {
                throw new IllegalArgumentException("vault.retention.policies: the name " + policy.name()
                        + " is used twice");
            }
        }
    }

    /**
     * @param name        lower-case letters, digits and dashes, at most 50
     * @param inactiveFor customers with no activity (registration, interaction, purchase) for this long fall due:
     *                    an ISO-8601 period such as {@code P5Y} or a duration such as {@code PT10S}
     * @param status      only customers of this status; both when absent
     */
    public record Policy(String name, String inactiveFor, CustomerView.Status status) {

        public Policy {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("vault.retention.policies[].name must be 1 to 50 lower-case letters,"
                        + " digits or dashes");
            }
            try {
                InactiveFor.parse(inactiveFor);
            } catch (IllegalArgumentException wrong) {
                throw new IllegalArgumentException("vault.retention.policies[].inactive-for of policy " + name + " "
                        + wrong.getMessage());
            }
        }

        InactiveFor inactivity() {
            return InactiveFor.parse(inactiveFor);
        }

        List<CustomerView.Status> statuses() {
            return status == null ? List.of(CustomerView.Status.values()) : List.of(status);
        }

        /** Who the certificates of this policy's erasures name as having asked. */
        String requester() {
            return "retention:" + name;
        }
    }
}
