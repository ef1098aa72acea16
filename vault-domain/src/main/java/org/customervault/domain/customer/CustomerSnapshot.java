package org.customervault.domain.customer;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;

/**
 * A customer's whole state as of one of its events, stored in place of the events up to it so that
 * loading a customer with a long history reads one snapshot and the events after it.
 *
 * <p>The state is one personal value: the serializer seals all of it under the customer's key, bound
 * to the snapshot's own identifier and to the customer. That covers the non-personal parts too
 * (restriction, legal hold, consents, order references) and the sequence number the snapshot was taken at, so
 * whoever can write the snapshot table cannot lift a restriction or a legal hold, drop an order reference or move an
 * older snapshot to a later place without the snapshot being refused. A snapshot is only a shortcut:
 * a refused one is ignored and the customer is loaded from its events. Once the customer's key is
 * destroyed the state reads as {@code null} with {@link #personalDataErased} set; no snapshot is taken
 * once an erasure is asked for.
 */
@Revision(CustomerSnapshot.REVISION)
public record CustomerSnapshot(@SubjectId CustomerId customerId,
                               @PersonalData State state,
                               @ErasureMarker boolean personalDataErased) {

    /**
     * The revision stored with every snapshot; a snapshot of another revision is not read. Revision 1 held
     * the order references without their purchase ids, which a repeated order is answered with; revision 2
     * held no legal hold, and a customer loaded from it could be erased while held; revision 3 held
     * either the legal hold or the objections, never both.
     */
    public static final String REVISION = "4";

    public CustomerSnapshot(CustomerId customerId, State state) {
        this(customerId, state, false);
    }

    /**
     * @param sequence the sequence number of the customer's last event in this state, which must be
     *                 the sequence number the snapshot is stored at
     * @param orders   the purchase id recorded under each order reference
     * @param objections the purposes the customer objects to now
     */
    public record State(long sequence, String fullName, String email, String phone, String nationalId,
                        LocalDate birthDate, PostalAddress address, Preferences preferences, boolean restricted,
                        boolean legalHold, Map<String, Consent> consents, Map<String, String> orders,
                        Set<String> objections) {

        public State {
            consents = consents == null ? Map.of() : Map.copyOf(consents);
            orders = orders == null ? Map.of() : Map.copyOf(orders);
            objections = objections == null ? Set.of() : Set.copyOf(objections);
        }
    }

    /** The last answer to a consent purpose, under the version of the notice it was given for. */
    public record Consent(boolean granted, String noticeVersion) {
    }
}
