package org.customervault.domain.request;

import static org.customervault.domain.request.LegalTerm.Unit.BUSINESS_DAYS;
import static org.customervault.domain.request.LegalTerm.Unit.CALENDAR_DAYS;
import static org.customervault.domain.request.LegalTerm.Unit.MONTHS;
import static org.customervault.domain.request.RequestKind.ACCESS;
import static org.customervault.domain.request.RequestKind.CONSENT_WITHDRAWAL;
import static org.customervault.domain.request.RequestKind.ERASURE;
import static org.customervault.domain.request.RequestKind.OBJECTION;
import static org.customervault.domain.request.RequestKind.PORTABILITY;
import static org.customervault.domain.request.RequestKind.RECTIFICATION;
import static org.customervault.domain.request.RequestKind.RESTRICTION;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The response terms the vault knows, per jurisdiction and kind of request, each from the law's own
 * text (docs/rights.md has the table). A jurisdiction or kind missing here has no term the vault
 * could vouch for: a request for it is recorded as due the day it arrives, never given a guessed date.
 */
public final class DeadlineRules {

    /** A jurisdiction: the zone its calendar days are counted in, and its terms by kind. */
    public record Jurisdiction(String code, ZoneId zone, Map<RequestKind, LegalTerm> terms) {

        public Optional<LegalTerm> term(RequestKind kind) {
            return Optional.ofNullable(terms.get(kind));
        }

        /** The day the request was received, in the jurisdiction's calendar. */
        public LocalDate receivedOn(Instant receivedAt) {
            return receivedAt.atZone(zone).toLocalDate();
        }
    }

    // Ley 1581 de 2012, Art. 14: consultas answered within ten (10) business days of receipt; when
    // that is not possible, extendable by up to five (5) business days more.
    private static final LegalTerm CO_CONSULTA = new LegalTerm("Ley 1581 de 2012, Art. 14", BUSINESS_DAYS, 10, 5, "CO");
    // Ley 1581 de 2012, Art. 15: reclamos (corrección, actualización, supresión, incumplimiento)
    // within fifteen (15) business days from the day after receipt; extendable by up to eight (8).
    private static final LegalTerm CO_RECLAMO = new LegalTerm("Ley 1581 de 2012, Art. 15", BUSINESS_DAYS, 15, 8, "CO");
    // Ley 25.326, Art. 16(2): rectification, updating or suppression within at most five business
    // days of receiving the claim; the law grants no extension.
    private static final LegalTerm AR_RECTIFICACION = new LegalTerm("Ley 25.326, Art. 16", BUSINESS_DAYS, 5, 0, "AR");
    // Ley 25.326, Art. 14(2): the information asked for within ten calendar days ("diez días corridos")
    // of the request; the law grants no extension.
    private static final LegalTerm AR_ACCESO = new LegalTerm("Ley 25.326, Art. 14", CALENDAR_DAYS, 10, 0, null);
    // LFPDPPP (DOF 20 March 2025), Art. 31: the decision on an ARCO request communicated within at most twenty
    // days of receipt ("días": días hábiles, Art. 2), carried out within fifteen days more. The extension
    // "once, by an equal period" of the 2010 law's Art. 32 could not be checked in the 2025 text: none encoded.
    private static final LegalTerm MX_ARCO = new LegalTerm("LFPDPPP (2025), Art. 31", BUSINESS_DAYS, 20, 0, "MX");
    // LGPD (Lei 13.709/2018), Art. 19, II: a clear and complete statement of the data within up to
    // fifteen (15) days of the request; no extension in the law.
    private static final LegalTerm BR_ACESSO = new LegalTerm("LGPD, Art. 19, II", CALENDAR_DAYS, 15, 0, null);
    // GDPR Art. 12(3): without undue delay and in any event within one month of receipt, extendable
    // by two further months where necessary.
    private static final LegalTerm GDPR = new LegalTerm("GDPR, Art. 12(3)", MONTHS, 1, 2, null);
    // GDPR Art. 7(3): consent may be withdrawn at any time, as easily as it was given. It is no request
    // under Articles 15 to 22, so Art. 12(3)'s month does not apply: due the day it arrives.
    private static final LegalTerm GDPR_WITHDRAWAL = new LegalTerm("GDPR, Art. 7(3)", CALENDAR_DAYS, 0, 0, null);

    private static final Map<String, Jurisdiction> JURISDICTIONS = jurisdictions();
    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    private DeadlineRules() {
    }

    /**
     * The jurisdiction of an ISO 3166-1 alpha-2 code or {@code EU}: with its terms when the vault knows them,
     * otherwise with none, counted in UTC; empty for anything else.
     */
    public static Optional<Jurisdiction> jurisdiction(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Jurisdiction known = JURISDICTIONS.get(code);
        if (known != null) {
            return Optional.of(known);
        }
        return COUNTRIES.contains(code) ? Optional.of(new Jurisdiction(code, ZoneOffset.UTC, Map.of())) : Optional.empty();
    }

    private static Map<String, Jurisdiction> jurisdictions() {
        Map<String, Jurisdiction> all = new TreeMap<>();
        Map<RequestKind, LegalTerm> colombia = new EnumMap<>(RequestKind.class);
        // a portability request asks to know and receive the data: Ley 1581 treats that as a consulta; a
        // revocation of the authorisation is a reclamo (Decreto 1377 de 2013, Art. 9, now Decreto 1074 de
        // 2015, Art. 2.2.2.25.2.6)
        colombia.put(ACCESS, CO_CONSULTA);
        colombia.put(PORTABILITY, CO_CONSULTA);
        for (RequestKind reclamo : new RequestKind[] {RECTIFICATION, ERASURE, RESTRICTION, OBJECTION, CONSENT_WITHDRAWAL}) {
            colombia.put(reclamo, CO_RECLAMO);
        }
        add(all, "CO", "America/Bogota", colombia);
        Map<RequestKind, LegalTerm> argentina = new EnumMap<>(RequestKind.class);
        argentina.put(ACCESS, AR_ACCESO);
        argentina.put(RECTIFICATION, AR_RECTIFICACION);
        argentina.put(ERASURE, AR_RECTIFICACION);
        add(all, "AR", "America/Argentina/Buenos_Aires", argentina);
        add(all, "BR", "America/Sao_Paulo", Map.of(ACCESS, BR_ACESSO));
        Map<RequestKind, LegalTerm> mexico = new EnumMap<>(RequestKind.class);
        // ARCO: acceso, rectificación, cancelación, oposición
        for (RequestKind arco : new RequestKind[] {ACCESS, RECTIFICATION, ERASURE, OBJECTION}) {
            mexico.put(arco, MX_ARCO);
        }
        add(all, "MX", "America/Mexico_City", mexico);
        Map<RequestKind, LegalTerm> gdpr = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            gdpr.put(kind, GDPR);
        }
        gdpr.put(CONSENT_WITHDRAWAL, GDPR_WITHDRAWAL);
        // "EU" for a business that answers in one calendar for the whole Union; a member state's code
        // counts the same month in that state's own zone
        add(all, "EU", "Europe/Brussels", gdpr);
        String[][] memberStates = {{"AT", "Europe/Vienna"}, {"BE", "Europe/Brussels"}, {"BG", "Europe/Sofia"},
                {"HR", "Europe/Zagreb"}, {"CY", "Asia/Nicosia"}, {"CZ", "Europe/Prague"}, {"DK", "Europe/Copenhagen"},
                {"EE", "Europe/Tallinn"}, {"FI", "Europe/Helsinki"}, {"FR", "Europe/Paris"}, {"DE", "Europe/Berlin"},
                {"GR", "Europe/Athens"}, {"HU", "Europe/Budapest"}, {"IE", "Europe/Dublin"}, {"IT", "Europe/Rome"},
                {"LV", "Europe/Riga"}, {"LT", "Europe/Vilnius"}, {"LU", "Europe/Luxembourg"}, {"MT", "Europe/Malta"},
                {"NL", "Europe/Amsterdam"}, {"PL", "Europe/Warsaw"}, {"PT", "Europe/Lisbon"},
                {"RO", "Europe/Bucharest"}, {"SK", "Europe/Bratislava"}, {"SI", "Europe/Ljubljana"},
                {"ES", "Europe/Madrid"}, {"SE", "Europe/Stockholm"}};
        for (String[] state : memberStates) {
            add(all, state[0], state[1], gdpr);
        }
        return Map.copyOf(all);
    }

    private static void add(Map<String, Jurisdiction> all, String code, String zone, Map<RequestKind, LegalTerm> terms) {
        all.put(code, new Jurisdiction(code, ZoneId.of(zone), Map.copyOf(terms)));
    }
}
