package org.customervault.projections;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;

/**
 * Stored events of a few customers, interleaved the way concurrent writers store them, with every
 * kind of event the read models handle, and one customer erased: what a replay goes through.
 */
public final class ReplayHistory {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final List<DomainEventMessage<?>> events = new ArrayList<>();
    private final Map<CustomerId, Long> sequences = new HashMap<>();
    private final List<CustomerId> customers = new ArrayList<>();
    private final CustomerId erased;

    private ReplayHistory(int customerCount) {
        for (int c = 0; c < customerCount; c++) {
            customers.add(CustomerId.newId());
        }
        erased = customers.get(1);
        for (int round = 0; round < 12; round++) {
            for (int c = 0; c < customerCount; c++) {
                CustomerId id = customers.get(c);
                Object event = event(id, c, round);
                if (event != null) {
                    append(id, event, T0.plusSeconds(round * 60L + c));
                }
            }
        }
    }

    /** The history of {@code customerCount} (at least 3) customers. */
    public static ReplayHistory of(int customerCount) {
        return new ReplayHistory(customerCount);
    }

    public List<DomainEventMessage<?>> events() {
        return events;
    }

    public List<CustomerId> customers() {
        return customers;
    }

    /** The customer erased halfway through the history. */
    public CustomerId erased() {
        return erased;
    }

    private Object event(CustomerId id, int c, int round) {
        if (id.equals(erased) && round > 6) {
            return null;
        }
        return switch (round) {
            case 0 -> new CustomerRegisteredEvent(id, "Cliente " + c + " García", "c" + c + "@example.com", "+54911" + c,
                    "20-" + c, LocalDate.of(1990, 1, 1 + c % 28), new PostalAddress("Calle " + c, null, "Salta", null, "4400", "AR"),
                    new Preferences("es", Set.of(Channel.SMS)));
            case 1 -> new PhoneRectifiedEvent(id, "+54922" + c, false);
            case 2 -> new PurchaseRecordedEvent(id, "p-" + c, "A-" + c, new BigDecimal("10.25"), "USD", T0.plusSeconds(3600));
            case 3 -> new ConsentGrantedEvent(id, "marketing", "v1", SHA, Channel.EMAIL);
            case 4 -> new InteractionRecordedEvent(id, "i-" + c, Channel.PHONE, "Llamó por su pedido " + c,
                    T0.plusSeconds(7200 + c), false);
            case 5 -> new FullNameRectifiedEvent(id, "Cliente " + c + " Pérez", false);
            case 6 -> c % 2 == 0 ? new ProcessingObjectedEvent(id, "profiling", "no quiero", false)
                    : new PurchaseRecordedEvent(id, "p2-" + c, "B-" + c, new BigDecimal("1.10"), "EUR", T0.plusSeconds(60));
            case 7 -> id.equals(customers.get(1)) ? null : c % 2 == 0 ? new ObjectionWithdrawnEvent(id, "profiling")
                    : new ProcessingRestrictedEvent(id, "disputa", false);
            case 8 -> c % 3 == 0 ? new ConsentWithdrawnEvent(id, "marketing", "v1", SHA, Channel.WEB)
                    : new LegalHoldPlacedEvent(id, "juicio", false);
            case 9 -> c % 3 == 0 ? new EmailRectifiedEvent(id, null, false) : c % 3 == 1
                    ? new ProcessingRestrictionLiftedEvent(id) : new LegalHoldReleasedEvent(id);
            case 10 -> c % 3 == 0 ? new NationalIdRectifiedEvent(id, "27-" + c, false) : c % 3 == 1
                    ? new BirthDateRectifiedEvent(id, LocalDate.of(1980, 5, 5), false)
                    : new PostalAddressRectifiedEvent(id, new PostalAddress("Otra " + c, null, "Jujuy", null, "4600", "AR"), false);
            case 11 -> c % 2 == 0 ? new PreferencesRectifiedEvent(id, new Preferences("en", Set.of(Channel.EMAIL)), false)
                    : new PurchaseRecordedEvent(id, "p3-" + c, "C-" + c, new BigDecimal("5"), "USD", T0.plusSeconds(90_000));
            default -> null;
        };
    }

    private void append(CustomerId id, Object payload, Instant at) {
        long sequence = sequences.merge(id, 1L, Long::sum) - 1;
        events.add(new GenericDomainEventMessage<>("Customer", id.value(), sequence, payload, Map.of("actor", "agent"),
                java.util.UUID.randomUUID().toString(), at));
        if (id.equals(erased) && sequence == 6) {
            append(id, new CustomerErasureRequestedEvent(id), at.plusMillis(1));
            append(id, new CustomerErasedEvent(id, List.of("key-1")), at.plusMillis(2));
        }
    }
}
