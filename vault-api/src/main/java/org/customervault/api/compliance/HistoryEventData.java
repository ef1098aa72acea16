package org.customervault.api.compliance;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.customervault.api.customer.Money;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;

/**
 * The members a history event's {@code data} can hold: each event type carries those of its own
 * fact, none of the others (see the type). The history builds {@code data} from the stored event
 * itself, so this record only describes it in the OpenAPI document: one object with optional members
 * keeps every generated client able to read every event, also of a type added later.
 */
@Schema(name = "HistoryEventData", description = """
        What the event recorded. CustomerRegistered: fullName, email, phone, nationalId, birthDate, address, \
        preferences. FullNameRectified, EmailRectified, PhoneRectified, NationalIdRectified, BirthDateRectified, \
        PostalAddressRectified (address), PreferencesRectified: the one member, null when it was removed. \
        InteractionRecorded: interactionId, channel, summary, occurredAt. PurchaseRecorded: purchaseId, orderRef, \
        amount, currency, occurredAt. ConsentGranted, ConsentWithdrawn: purpose, noticeVersion, and noticeSha256 \
        and channel when recorded. ProcessingRestricted, LegalHoldPlaced: reason. ProcessingObjected: purpose, \
        reason. ObjectionWithdrawn: purpose. CustomerErased: keyIds. ProcessingRestrictionLifted, LegalHoldReleased, \
        CustomerErasureRequested: nothing. \
        Once the customer is erased, every personal member of every event reads "erased" (a text or a date) or null \
        (address, preferences), and erasedFields names them; the other members remain.""")
record HistoryEventData(
        @Schema(types = {"string", "null"}, description = "Personal", example = "Ana Example") String fullName,
        @Schema(types = {"string", "null"}, description = "Personal", example = "ana@example.com") String email,
        @Schema(types = {"string", "null"}, description = "Personal; E.164", example = "+5491100000000") String phone,
        @Schema(types = {"string", "null"}, description = "Personal", example = "00-00000000-0") String nationalId,
        @Schema(types = {"string", "null"}, description = "Personal; an ISO date, or \"erased\"",
                pattern = HistoryEventData.DATE_OR_ERASED, example = "1980-01-31") String birthDate,
        @Schema(description = "Personal; null when removed, and once erased") PostalAddress address,
        @Schema(description = "Personal; null when removed, and once erased") Preferences preferences,
        @ArraySchema(schema = @Schema(example = "fullName"), arraySchema = @Schema(
                description = "The personal members that read \"erased\" or null because the customer was erased"))
        List<String> erasedFields,
        @Schema(format = "uuid") String interactionId,
        Channel channel,
        @Schema(types = {"string", "null"}, description = "Personal", example = "Asked for a new card") String summary,
        Instant occurredAt,
        @Schema(format = "uuid") String purchaseId,
        @Schema(example = "A-1001") String orderRef,
        @Schema(description = "A decimal string, not a number", pattern = Money.DECIMAL, example = "42.50") String amount,
        @Schema(pattern = Money.CURRENCY, example = "USD") String currency,
        @Schema(example = "marketing-email") String purpose,
        @Schema(example = "2026-01") String noticeVersion,
        @Schema(pattern = "^[0-9a-f]{64}$", description = "The SHA-256 of the privacy notice's text shown",
                example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String noticeSha256,
        @Schema(types = {"string", "null"}, description = "Personal", example = "Disputes the address") String reason,
        @ArraySchema(arraySchema = @Schema(description = "The destroyed keys; the certificate's keyId joins them with commas"))
        List<String> keyIds) {

    static final String DATE_OR_ERASED = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|erased)$";
}
