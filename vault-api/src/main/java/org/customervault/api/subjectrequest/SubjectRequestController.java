package org.customervault.api.subjectrequest;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.customervault.api.access.PersonalDataAccess;
import org.customervault.api.access.Purpose;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.customervault.api.listing.Cursor;
import org.customervault.api.listing.ListHeaders;
import org.customervault.api.listing.Paging;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.subjectrequest.SubjectRequests.StoredRequest;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.customervault.domain.request.DeadlineRules;
import org.customervault.domain.request.LegalTerm;
import org.customervault.domain.request.LegalTerm.DueDate;
import org.customervault.domain.request.PublicHolidays;
import org.customervault.domain.request.RequestKind;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data subjects' requests (access, rectification, erasure...): recorded when they arrive, given the
 * date the jurisdiction's law says they must be answered by, and taken through identity verification
 * to an answer with its evidence or a refusal with its reason. Each step is kept with who took it and
 * when. The requester's contact, the notes and the reasons are personal and sealed; every answer here
 * but the read of one request holds ids, statuses and dates only.
 */
@Tag(name = "Compliance")
@RestController
@RequestMapping(path = "/api/v1/compliance/requests", produces = MediaType.APPLICATION_JSON_VALUE)
public class SubjectRequestController {

    private static final int MAX_PAGE_SIZE = 1000;
    private static final long COUNT_CAP = 10_000;
    private static final String LIST = "subject-requests";
    /** A receipt a little in the future is a clock that runs ahead, not a request from tomorrow. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Before every law in the deadline table: an earlier receipt is a typo. */
    private static final Instant EARLIEST_RECEIPT = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9:._+-]{1,100}");
    private static final int MAX_NAME = 200;
    private static final int MAX_TEXT = 2000;
    private static final int MAX_REASON = 500;
    /** The legal source of a request whose jurisdiction's law has no term the vault knows for its kind. */
    public static final String NO_KNOWN_TERM = "none known: due on receipt";

    private final SubjectRequests requests;
    private final SealedFields sealed;
    private final PersonalDataAccess access;
    private final AnswerEvidence evidence;
    private final PublicHolidays holidays = new PublicHolidays();

    SubjectRequestController(SubjectRequests requests, SealedFields sealed, PersonalDataAccess access,
                             AnswerEvidence evidence) {
        this.requests = requests;
        this.sealed = sealed;
        this.access = access;
        this.evidence = evidence;
    }

    @Operation(operationId = "recordSubjectRequest", summary = "Record a data subject's request",
            description = "Records a request as it arrived and answers with its due date (dueOn), a date in the "
                    + "jurisdiction's calendar computed by the jurisdiction's law for this kind of request; business "
                    + "days skip weekends and that country's public holidays; where the vault has no holiday table for a "
                    + "year the count runs through yet, only weekends are skipped there and dueOnProvisional is true "
                    + "(never later than the law's date). A jurisdiction or kind the vault knows no legal term for is "
                    + "still recorded, due the day it arrived, with dueOnProvisional true and legalSource \"" + NO_KNOWN_TERM
                    + "\". The requester's contact and the notes are sealed under the "
                    + "customer's key (so erasing the customer shreds them), or under a key of the request's own "
                    + "when it names no customer, destroyed once the request has been closed for longer than "
                    + "vault.requests.requester-kept-for. The answer holds no personal value. Roles: COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<RequestSummary> record(@RequestBody NewRequest request, Authentication caller) {
        List<Violation> violations = new ArrayList<>();
        UUID subject = subject(request.subjectId(), violations);
        RequestKind kind = request.kind() == null ? null : RequestKind.of(request.kind()).orElse(null);
        if (kind == null) {
            violations.add(new Violation("kind", "is required: access, rectification, erasure, restriction, "
                    + "objection, portability or consent-withdrawal"));
        }
        DeadlineRules.Jurisdiction jurisdiction = DeadlineRules.jurisdiction(request.jurisdiction()).orElse(null);
        if (jurisdiction == null) {
            violations.add(new Violation("jurisdiction", "is required: an ISO 3166-1 alpha-2 code or EU"));
        }
        if (request.channel() == null) {
            violations.add(new Violation("channel", "is required"));
        }
        if (request.receivedAt() == null) {
            violations.add(new Violation("receivedAt", "is required"));
        } else if (request.receivedAt().isAfter(Instant.now().plus(CLOCK_SKEW))
                || request.receivedAt().isBefore(EARLIEST_RECEIPT)) {
            violations.add(new Violation("receivedAt", "must be between 2000-01-01 and now"));
        }
        checkRequester(request.requester(), violations);
        checkText("notes", request.notes(), MAX_TEXT, false, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        LocalDate receivedOn = jurisdiction.receivedOn(request.receivedAt());
        LegalTerm term = jurisdiction.term(kind).orElse(null);
        // no term the vault can vouch for: due the day it arrived, the earliest any law could ask
        DueDate dueOn = term == null ? new DueDate(receivedOn, true) : term.dueOn(receivedOn, holidays);
        UUID id = UUID.randomUUID();
        String keySubject = subject == null ? "request:" + id : subject.toString();
        requests.insert(new SubjectRequests.NewRow(id, subject, keySubject, kind, jurisdiction.code(),
                jurisdiction.zone().getId(), request.channel(), term == null ? NO_KNOWN_TERM : term.source(),
                request.receivedAt(), receivedOn, dueOn,
                sealed.seal(keySubject, id, "requester", request.requester()),
                sealed.seal(keySubject, id, "notes", request.notes()), caller.getName()));
        return ResponseEntity.created(URI.create("/api/v1/compliance/requests/" + id))
                .body(RequestSummary.of(requests.find(id).orElseThrow()));
    }

    @Operation(operationId = "listSubjectRequests", summary = "List data subjects' requests",
            description = "Overdue requests first (open and past their due date in their jurisdiction's calendar), "
                    + "then by due date, as a JSON array without personal values; the total (counted up to 10,000) "
                    + "and the next page's cursor come in headers. Roles: COMPLIANCE, ADMIN.")
    @GetMapping
    public ResponseEntity<List<RequestSummary>> list(@RequestParam(required = false) RequestStatus status,
                                              @Parameter(description = "Only requests due before this date "
                                                      + "(YYYY-MM-DD, exclusive)", schema = @Schema(format = "date"))
                                              @RequestParam(required = false) String dueBefore,
                                              @Parameter(description = Paging.CURSOR_DESCRIPTION
                                                      + " (X-Next-Cursor), with the same status and dueBefore")
                                              @RequestParam(required = false) String cursor,
                                              @Parameter(description = Paging.PAGE_DESCRIPTION,
                                                      schema = @Schema(minimum = "0", maximum = "" + Paging.MAX_PAGE))
                                              @RequestParam(required = false) Integer page,
                                              @Parameter(schema = @Schema(minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                                              @RequestParam(defaultValue = "100") int size) {
        Paging paging = Paging.checked(page, size, cursor, LIST, MAX_PAGE_SIZE);
        LocalDate before = date("dueBefore", dueBefore);
        List<RequestStatus> statuses = status == null ? List.of(RequestStatus.values()) : List.of(status);
        SubjectRequests.Position after = paging.cursor() == null ? null : new SubjectRequests.Position(
                paging.cursor().number(0) == 1, epochDay(paging.cursor().number(1)),
                paging.cursor().uuid(2));
        List<StoredRequest> found = requests.page(statuses, before, after, paging.offset(), paging.size() + 1);
        String next = null;
        if (found.size() > paging.size()) {
            found = found.subList(0, paging.size());
            SubjectRequests.Position last = found.get(found.size() - 1).position();
            next = Cursor.of(LIST, last.onTime() ? 1 : 0, last.dueOn().toEpochDay(), last.id());
        }
        return ResponseEntity.ok()
                .headers(ListHeaders.of(requests.count(statuses, before, COUNT_CAP + 1), COUNT_CAP, next))
                .body(found.stream().map(RequestSummary::of).toList());
    }

    @Operation(operationId = "getSubjectRequest", summary = "Read a data subject's request",
            description = "The request with its requester, notes, verification, reasons, evidence and every step "
                    + "taken (who, when). Once the customer it names is erased, its personal fields read "
                    + "\"erased\"; so do those of a request naming no customer once it has been closed for longer "
                    + "than vault.requests.requester-kept-for (a shredded step in its history says when); kind, dates "
                    + "and status remain. Every read is recorded in the access log, under the "
                    + "customer the request names, or under the request's id when it names none. Roles: COMPLIANCE, ADMIN.")
    @GetMapping("/{id}")
    public RequestDetail get(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                      @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                      Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        StoredRequest stored = existing(id);
        // a requester who is no customer has their contact read too: logged under the request's own id
        UUID loggedSubject = stored.subjectId() == null ? stored.id() : stored.subjectId();
        access.record(caller.getName(), List.of(CustomerId.of(loggedSubject.toString())), "subject-request.read",
                checkedPurpose);
        return RequestDetail.of(stored, requests.history(stored.id()), sealed);
    }

    @Operation(operationId = "verifySubjectRequest", summary = "Record the requester's identity verification",
            description = "RECEIVED → VERIFIED: who checked (the caller), how, and when (now). Any other status: 409. "
                    + "Roles: COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RequestSummary verify(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestBody VerificationRequest verification, Authentication caller) {
        if (verification.method() == null) {
            throw new InvalidRequestException("method", "is required");
        }
        StoredRequest stored = existing(id);
        return stepped(stored, requests.verify(stored.id(), caller.getName(), verification.method()),
                "only a RECEIVED request can be verified");
    }

    @Operation(operationId = "startSubjectRequest", summary = "Start working on a data subject's request",
            description = "VERIFIED → IN_PROGRESS. Any other status: 409. Roles: COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping("/{id}/start")
    public RequestSummary start(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                         Authentication caller) {
        StoredRequest stored = existing(id);
        return stepped(stored, requests.start(stored.id(), caller.getName()),
                "only a VERIFIED request can be started: verify the requester's identity first");
    }

    @Operation(operationId = "extendSubjectRequest", summary = "Extend a data subject's request's due date",
            description = "Once, with a reason, by as much as the jurisdiction's law allows for this kind of request "
                    + "(e.g. GDPR Art. 12(3): two further months; Ley 1581 Art. 14: five business days), and only "
                    + "before the due date has passed: the law has the requester told within the first term. A "
                    + "request already extended, closed or overdue, or whose law allows no extension: 409. Roles: COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/extension", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RequestSummary extend(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestBody ReasonRequest extension, Authentication caller) {
        checkReason(extension);
        StoredRequest stored = existing(id);
        LegalTerm term = DeadlineRules.jurisdiction(stored.jurisdiction())
                .flatMap(jurisdiction -> jurisdiction.term(stored.kind()))
                .orElseThrow(() -> new ConflictException("The vault knows no term for this request, so no extension."));
        DueDate extended = term.extended(stored.receivedOn(), holidays).orElseThrow(() -> new ConflictException(
                term.source() + " allows no extension of this request's term."));
        return stepped(stored, requests.extend(stored.id(), caller.getName(), extended,
                        sealed.seal(stored.keySubject(), stored.id(), "extension_reason", extension.reason())),
                "a request is extended once, while it is open and before its due date has passed (the law has the "
                        + "requester told of the extension within the first term)");
    }

    @Operation(operationId = "answerSubjectRequest", summary = "Record the answer to a data subject's request",
            description = "IN_PROGRESS → ANSWERED, linking the evidence that answers the request, which the vault looks "
                    + "up. For a request that names a customer: access and portability, EXPORT (the export's "
                    + "exportedAt: an export of that customer made since the request was received); erasure, "
                    + "ERASURE_CERTIFICATE (the customer's id: a completed certificate); rectification, RECTIFICATION; "
                    + "restriction, RESTRICTION (the restriction, not its lifting); objection, OBJECTION; "
                    + "consent-withdrawal, CONSENT_CHANGE (a withdrawal) — each of these four the customer's version "
                    + "after the change, the number in the ETag the change answered with, of a change of that kind "
                    + "made since the request was received. A request that names no customer: LETTER (its "
                    + "reference) or ERASURE_CERTIFICATE. Another type: 400 naming evidence.type; evidence the vault "
                    + "does not hold: 400 naming evidence.reference; nothing is stored. A request in any other status: "
                    + "409. Roles: COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RequestSummary answer(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestBody AnswerRequest answer, Authentication caller) {
        List<Violation> violations = new ArrayList<>();
        if (answer.evidence() == null || answer.evidence().type() == null) {
            violations.add(new Violation("evidence.type", "is required"));
        }
        if (answer.evidence() == null || answer.evidence().reference() == null
                || !REFERENCE.matcher(answer.evidence().reference()).matches()) {
            violations.add(new Violation("evidence.reference", "is required: 1 to 100 letters, digits or ':._+-' "
                    + "(an id, a version or a time)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        StoredRequest stored = existing(id);
        evidence.check(stored, answer.evidence());
        return stepped(stored, requests.answer(stored.id(), caller.getName(), answer.evidence().type(),
                answer.evidence().reference()), "only an IN_PROGRESS request can be answered");
    }

    @Operation(operationId = "refuseSubjectRequest", summary = "Refuse a data subject's request",
            description = "RECEIVED, VERIFIED or IN_PROGRESS → REFUSED, with the reason (e.g. the identity could not "
                    + "be verified, an exception of the law applies). A closed request: 409. Roles: COMPLIANCE, "
                    + "ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/refusal", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RequestSummary refuse(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                          @RequestBody ReasonRequest refusal, Authentication caller) {
        checkReason(refusal);
        StoredRequest stored = existing(id);
        return stepped(stored, requests.refuse(stored.id(), caller.getName(),
                        sealed.seal(stored.keySubject(), stored.id(), "refusal_reason", refusal.reason())),
                "only an open request can be refused");
    }

    private RequestSummary stepped(StoredRequest before, boolean changed, String rule) {
        if (!changed) {
            StoredRequest now = requests.find(before.id()).orElseThrow();
            throw new ConflictException("The request is " + now.status() + (now.extended() ? ", extended already" : "")
                    + (now.overdue() ? ", overdue" : "") + ": " + rule + ".");
        }
        return RequestSummary.of(requests.find(before.id()).orElseThrow());
    }

    private StoredRequest existing(String id) {
        try {
            return requests.find(UUID.fromString(id)).orElseThrow(() -> new NotFoundException("request"));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
    }

    private UUID subject(String subjectId, List<Violation> violations) {
        if (subjectId == null) {
            return null;
        }
        UUID subject;
        try {
            subject = UUID.fromString(CustomerId.of(subjectId).value());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("subjectId", "must be a customer's id (a UUID)"));
            return null;
        }
        if (!requests.isCustomer(subject)) {
            violations.add(new Violation("subjectId", "names no customer of this vault"));
            return null;
        }
        return subject;
    }

    private static void checkRequester(Requester requester, List<Violation> violations) {
        if (requester == null) {
            return;
        }
        if (requester.name() == null && requester.email() == null) {
            violations.add(new Violation("requester", "needs a name or an email, or is left out"));
        }
        checkText("requester.name", requester.name(), MAX_NAME, false, violations);
        if (requester.email() != null && (requester.email().length() > 254 || !EMAIL.matcher(requester.email()).matches())) {
            violations.add(new Violation("requester.email", "must be an email address"));
        }
    }

    private static void checkReason(ReasonRequest reason) {
        List<Violation> violations = new ArrayList<>();
        checkText("reason", reason.reason(), MAX_REASON, true, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private static void checkText(String field, String value, int max, boolean required, List<Violation> violations) {
        if (value == null ? required : value.isBlank() || value.length() > max) {
            violations.add(new Violation(field, (required ? "is required: " : "when given, ") + "1 to " + max
                    + " characters"));
        }
    }

    private static LocalDate date(String field, String value) {
        try {
            LocalDate date = value == null ? null : LocalDate.parse(value);
            if (date != null && (date.getYear() < 2000 || date.getYear() > 9999)) {
                throw new InvalidRequestException(field, "must be a date between 2000-01-01 and 9999-12-31");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be a date, YYYY-MM-DD");
        }
    }

    private static LocalDate epochDay(long day) {
        try {
            return LocalDate.ofEpochDay(day);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("cursor", "is not one this list gave out");
        }
    }

    @Schema(name = "NewSubjectRequest")
    public record NewRequest(@Schema(format = "uuid", description = "The customer the request is about, when known")
                      String subjectId,
                      @Schema(requiredMode = REQUIRED, allowableValues = {"access", "rectification", "erasure",
                              "restriction", "objection", "portability", "consent-withdrawal"}) String kind,
                      @Schema(requiredMode = REQUIRED, example = "CO",
                              description = "ISO 3166-1 alpha-2 code, or EU") String jurisdiction,
                      @Schema(requiredMode = REQUIRED) Channel channel,
                      @Schema(requiredMode = REQUIRED, description = "When the request arrived") Instant receivedAt,
                      Requester requester,
                      @Schema(maxLength = MAX_TEXT) String notes) {
    }

    @Schema(name = "SubjectRequestRequester", description = "Who asked: personal, sealed")
    public record Requester(@Schema(maxLength = MAX_NAME) String name, @Schema(format = "email") String email) {
    }

    @Schema(name = "SubjectRequestVerification")
    public record VerificationRequest(@Schema(requiredMode = REQUIRED) VerificationMethod method) {
    }

    @Schema(name = "SubjectRequestReason")
    public record ReasonRequest(@Schema(requiredMode = REQUIRED, maxLength = MAX_REASON) String reason) {
    }

    @Schema(name = "SubjectRequestAnswer")
    public record AnswerRequest(@Schema(requiredMode = REQUIRED) Evidence evidence) {
    }

    @Schema(name = "SubjectRequestEvidence", description = "What answered the request: EXPORT for access and "
            + "portability, ERASURE_CERTIFICATE for erasure, RECTIFICATION, RESTRICTION, OBJECTION and CONSENT_CHANGE "
            + "for those kinds, when the request names a customer; LETTER or ERASURE_CERTIFICATE when it names none")
    public record Evidence(@Schema(requiredMode = REQUIRED) EvidenceType type,
                    @Schema(requiredMode = REQUIRED, maxLength = 100, pattern = "^[A-Za-z0-9:._+-]{1,100}$",
                            description = "EXPORT: the export's exportedAt; ERASURE_CERTIFICATE: its subjectId; "
                                    + "RECTIFICATION, RESTRICTION, OBJECTION, CONSENT_CHANGE: the customer's version "
                                    + "after the change (the number in its ETag, e.g. 7); LETTER: the letter's own "
                                    + "reference") String reference) {
    }
}
