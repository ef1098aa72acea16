package org.customervault.api.customer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.access.PersonalDataAccess;
import org.customervault.api.access.Purpose;
import org.customervault.api.access.PurposeRefusals;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.customervault.api.listing.Cursor;
import org.customervault.api.listing.Paging;
import org.customervault.api.notice.PrivacyNotices;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.problem.PreconditionFailedException;
import org.customervault.api.security.Masking;
import org.customervault.domain.customer.ConsentPurpose;
import org.customervault.domain.customer.CustomerErasedException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ConsentFilter;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.FetchCustomerTimelineQuery;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.domain.customer.api.GrantConsentCommand;
import org.customervault.domain.customer.api.LiftProcessingRestrictionCommand;
import org.customervault.domain.customer.api.ObjectToProcessingCommand;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RecordPurchaseCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.PlaceLegalHoldCommand;
import org.customervault.domain.customer.api.ReleaseLegalHoldCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.domain.customer.api.TimelinePage;
import org.customervault.domain.customer.api.WithdrawConsentCommand;
import org.customervault.domain.customer.api.WithdrawObjectionCommand;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customers resource of the API contract, version 1. Public, as the web console
 * ({@code org.customervault.api.console}) calls the same operations, with their rules, masking and access log.
 */
@Tag(name = "Customers")
@RestController
@RequestMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
public class CustomerController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    static final int MAX_QUERY_LENGTH = 200;
    static final int MAX_PAGE_SIZE = 100;
    private static final String TIMELINE = "timeline";
    private static final String STORED_NOT_SHOWN = "The change is stored; the view in the body may not show it yet, "
            + "or, while a rebuild of the read models has not reached the customer, what was stored";
    private static final String CONSENT_FILTER = "^[a-z0-9][a-z0-9_.-]{0,63}(:(granted|withdrawn))?$";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;
    private final PersonalDataAccess access;
    private final ErasureLedger erasures;
    private final SearchRules searchRules;
    private final PrivacyNotices notices;
    private final PurposeRefusals refusals;

    CustomerController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, JsonMapper json,
                       PersonalDataAccess access, ErasureLedger erasures, SearchRules searchRules,
                       PrivacyNotices notices, PurposeRefusals refusals) {
        this.erasures = erasures;
        this.notices = notices;
        this.refusals = refusals;
        this.searchRules = searchRules;
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.json = json;
        this.access = access;
    }

    @Operation(operationId = "listCustomers", summary = "List or search customers",
            description = "Every customer, or those a search matches, a page at a time, in the order asked for, filtered by"
                    + " status and consent. With a Purpose header, the customers who refuse that purpose (objected, or "
                    + "withdrew or refused consent) are left out. For an AGENT, a search or a name order leaves out "
                    + "restricted customers (a match would confirm their values). Each customer shown is recorded in "
                    + "the access log, and so is the search itself (with the kinds of value it compared, never its "
                    + "text). Roles: AGENT, COMPLIANCE, ADMIN.")
    @GetMapping
    public CustomerPageResponse list(@Parameter(description = "An exact email, an exact phone (E.164), an exact national id"
                                      + " (COMPLIANCE and ADMIN only: an AGENT gets 403 for a text that can only be one),"
                                      + " or whole words of the name. Each user may search "
                                      + "vault.security.rate-limits.searches times a window (30 a minute by default);"
                                      + " beyond that, 429 with Retry-After. Every search, found or not, is in the access log.",
                                      schema = @Schema(maxLength = MAX_QUERY_LENGTH, example = "ana@example.com"))
                              @RequestParam(required = false) String q,
                              @Parameter(description = "Only customers in this status")
                              @RequestParam(required = false) CustomerView.Status status,
                              @Parameter(description = "Only customers whose latest consent to a purpose is granted "
                                      + "and not objected to (purpose:granted, or the purpose alone) or withdrawn "
                                      + "(purpose:withdrawn: withdrawn or refused); a customer never asked matches "
                                      + "neither",
                                      schema = @Schema(pattern = CONSENT_FILTER, example = "marketing-email:granted"))
                              @RequestParam(required = false) String consent,
                              @Parameter(description = "The order: a field, descending when prefixed with -."
                                      + " Names are sealed under each customer's key and are put in order once opened,"
                                      + " for lists of at most " + CustomerListSort.NAME_SORT_LIMIT + " customers"
                                      + " (narrow the list with q, status or consent first).",
                                      schema = @Schema(allowableValues = {"-lastActivityAt", "lastActivityAt", "-createdAt",
                                              "createdAt", "name", "-name"}, defaultValue = "-lastActivityAt"))
                              @RequestParam(defaultValue = "-lastActivityAt") String sort,
                              @Parameter(description = Paging.CURSOR_DESCRIPTION
                                      + " (nextCursor), with the same q, status, consent and sort")
                              @RequestParam(required = false) String cursor,
                              @Parameter(description = Paging.PAGE_DESCRIPTION,
                                      schema = @Schema(type = "integer", format = "int32",
                                              minimum = "0", maximum = "" + Paging.MAX_PAGE))
                              @RequestParam(required = false) Integer page,
                              @Parameter(schema = @Schema(type = "integer", format = "int32",
                                      minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                              @RequestParam(defaultValue = "20") int size,
                              @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                              Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        CustomerListSort order = CustomerListSort.ofParameter(sort).orElseThrow(() -> new InvalidRequestException("sort",
                "must be one of -lastActivityAt, lastActivityAt, -createdAt, createdAt, name, -name"));
        ConsentFilter consentFilter = consentFilter(consent);
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidRequestException("q", "must have at most " + MAX_QUERY_LENGTH + " characters");
        }
        String list = "customers" + order.parameter();
        Paging paging = Paging.checked(page, size, cursor, list, MAX_PAGE_SIZE);
        FetchCustomerSummariesQuery.Position after = paging.cursor() == null ? null : order.byName()
                ? new FetchCustomerSummariesQuery.Position(null, null, paging.cursor().number(0))
                : new FetchCustomerSummariesQuery.Position(paging.cursor().instant(0), new CustomerId(paging.cursor().uuid(1)), 0);
        boolean searching = q != null && !q.isBlank();
        Set<SearchKind> kinds = searching ? searchRules.kindsFor(caller, q) : Set.of();
        if (!searching && order.byName()) {
            searchRules.countNameOrder(caller);
        }
        Masking masking = Masking.of(caller);
        // a match, or a place in the name order, would tell an agent something of a restricted customer's values
        boolean withoutRestricted = masking == Masking.AGENT && (searching || order.byName());
        CustomerSummaryPage found = queries.query(new FetchCustomerSummariesQuery(searching ? q : null, kinds, status,
                consentFilter, order, after, paging.offset(), paging.size(), PurposeRefusals.codeOf(checkedPurpose),
                withoutRestricted), CustomerSummaryPage.class).join();
        if (searching) {
            access.recordSearch(caller.getName(), kinds, ids(found), checkedPurpose);
        } else {
            access.record(caller.getName(), ids(found), "customer.list", checkedPurpose);
        }
        return CustomerPageResponse.of(found, masking, paging, nextCursor(list, order, found.next()));
    }

    private static String nextCursor(String list, CustomerListSort order, FetchCustomerSummariesQuery.Position next) {
        if (next == null) {
            return null;
        }
        return order.byName() ? Cursor.of(list, next.offset()) : Cursor.of(list, next.at(), next.id().value());
    }

    @Operation(operationId = "registerCustomer", summary = "Register a customer",
            description = "Stores the registration as an event, every personal field encrypted under a key of the "
                    + "customer's own. Answers 201 with the new id and its Location once the customer can be read, "
                    + "or, if the read models are behind (a rebuild of them), once the wait for them ends: stored "
                    + "either way. "
                    + "Roles: AGENT, COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CreatedResponse> register(@RequestBody RegisterCustomerRequest request) {
        CustomerId id = CustomerId.newId();
        commands.sendAndWait(new RegisterCustomerCommand(id, request.fullName(), request.email(), request.phone(),
                request.nationalId(), request.birthDate(), request.address(), request.preferences()));
        readYourWrites.awaitVersion(id, 0);
        // a registration is the customer's first event, sequence number 0
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id.value())).eTag(EntityTags.of(0))
                .body(new CreatedResponse(id.value()));
    }

    /** The ETag is the version the view shows, which may be behind the customer's latest write. */
    @Operation(operationId = "getCustomer", summary = "Read a customer's 360 view",
            description = "Profile, status, consents, purchase totals and recent interactions. An AGENT sees the national "
                    + "id masked and the birth date as its year. Recorded in the access log, with the Purpose header if"
                    + " sent; 403 (purpose-refused) when the Purpose header names a purpose the customer objected to or"
                    + " withdrew consent for. While the customer's processing is restricted, an AGENT sees the status,"
                    + " consents, dates and totals and no personal value (the name reads (restricted)). Roles: AGENT,"
                    + " COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "200", description = "The customer's 360 view; its ETag is the version it shows")
    @ApiResponse(responseCode = "304", description = "If-None-Match names the version the view is at", content = @Content)
    @GetMapping("/{id}")
    public ResponseEntity<CustomerResponse> view(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                          @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                                          @RequestHeader(name = EntityTags.IF_NONE_MATCH, required = false)
                                          String ifNoneMatch,
                                          Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        List<String> cached = EntityTags.listed(ifNoneMatch);
        CustomerView view = currentView(customerId(id));
        refusals.check(customerId(id), checkedPurpose);
        CustomerResponse shown = shown(view, caller, "customer.view", checkedPurpose);
        if (EntityTags.name(cached, view.version())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(view.version())).build();
        }
        return ResponseEntity.ok().eTag(EntityTags.of(view.version())).body(shown);
    }

    @Operation(operationId = "getCustomerTimeline", summary = "Read what happened to a customer",
            description = "The customer's events as CRM entries, newest first, a page at a time. Recorded in the access "
                    + "log; 403 (purpose-refused) when the Purpose header names a purpose the customer objected to or "
                    + "withdrew consent for. While the customer's processing is restricted, an AGENT sees no personal "
                    + "detail (an interaction's summary). Roles: AGENT, COMPLIANCE, ADMIN.")
    @GetMapping("/{id}/timeline")
    public TimelineResponse timeline(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                              @Parameter(description = Paging.CURSOR_DESCRIPTION + " (nextCursor)")
                              @RequestParam(required = false) String cursor,
                              @Parameter(description = Paging.PAGE_DESCRIPTION,
                                      schema = @Schema(type = "integer", format = "int32",
                                              minimum = "0", maximum = "" + Paging.MAX_PAGE))
                              @RequestParam(required = false) Integer page,
                              @Parameter(schema = @Schema(type = "integer", format = "int32",
                                      minimum = "1", maximum = "" + MAX_PAGE_SIZE))
                              @RequestParam(defaultValue = "20") int size,
                              @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                              Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        Paging paging = Paging.checked(page, size, cursor, TIMELINE, MAX_PAGE_SIZE);
        CustomerId customerId = customerId(id);
        if (queries.query(new FetchCustomerViewVersionQuery(customerId), Long.class).join() < 0) {
            throw missing(customerId);
        }
        refusals.check(customerId, checkedPurpose);
        FetchCustomerTimelineQuery.Position after = paging.cursor() == null ? null
                : new FetchCustomerTimelineQuery.Position(paging.cursor().instant(0), paging.cursor().number(1));
        TimelinePage timeline = queries.query(new FetchCustomerTimelineQuery(customerId, after, paging.offset(),
                paging.size(), !withheld(customerId, caller)), TimelinePage.class).join();
        access.record(caller.getName(), List.of(customerId), "customer.timeline", checkedPurpose);
        FetchCustomerTimelineQuery.Position next = timeline.next();
        return TimelineResponse.of(timeline, paging,
                next == null ? null : Cursor.of(TIMELINE, next.occurredAt(), next.sequence()));
    }

    @ApiResponse(responseCode = "200", description = "The customer's view with the change",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "202", description = STORED_NOT_SHOWN)
    // application/json too, as clients written before the document named only merge patches send it;
    @Operation(operationId = "rectifyCustomer", summary = "Rectify a customer's data",
            description = "A JSON merge patch (RFC 7396) of the registration's fields: a member sets a value, null removes "
                    + "it, an absent member is kept. Every change is an event; nothing is overwritten. Roles: AGENT, "
                    + "COMPLIANCE, ADMIN.")
    // the document declares the one content type with its schema (MergePatchDocument)
    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ChangeAnswer> rectify(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                             @io.swagger.v3.oas.annotations.parameters.RequestBody(
                                                     description = "A JSON merge patch of the registration's fields",
                                                     content = @Content(mediaType = MERGE_PATCH_JSON,
                                                             schema = @Schema(ref = MergePatchDocument.PATCH_REF)))
                                             @RequestBody JsonNode patch,
                                             @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch,
                                             Authentication caller) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        Long version = sendExpecting(MergePatch.toCommand(json, customerId, patch, expected), expected);
        return answerWithView(customerId, version, caller, "customer.rectify");
    }

    @Operation(operationId = "recordInteraction", summary = "Record an interaction with a customer",
            description = "A call, email, visit or message, with a summary sealed under the customer's key. Refused (409) "
                    + "while processing is restricted. Roles: AGENT, COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/interactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CreatedResponse> recordInteraction(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                      @RequestBody RecordInteractionRequest request,
                                                      @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                      String ifMatch) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        String interactionId = UUID.randomUUID().toString();
        Long version = sendExpecting(new RecordInteractionCommand(customerId, interactionId,
                request.channel(), request.summary(), request.occurredAt(), expected), expected);
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).eTag(EntityTags.of(version))
                .body(new CreatedResponse(interactionId));
    }

    @Operation(operationId = "recordPurchase", summary = "Record a purchase",
            description = "An order of the customer's, once per order reference. Refused (409) while processing is "
                    + "restricted, or when the order reference is already recorded for the customer. Roles: AGENT, "
                    + "COMPLIANCE, ADMIN.")
    @ReplayableAnswer
    @PostMapping(path = "/{id}/purchases", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CreatedResponse> recordPurchase(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                   @RequestBody RecordPurchaseRequest request,
                                                   @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                   String ifMatch) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        String purchaseId = UUID.randomUUID().toString();
        Long version = sendExpecting(new RecordPurchaseCommand(customerId, purchaseId, request.orderRef(),
                request.checkedAmount(), request.currency(), request.occurredAt(), expected), expected);
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).eTag(EntityTags.of(version))
                .body(new CreatedResponse(purchaseId));
    }

    @Operation(operationId = "setConsent", summary = "Grant or withdraw a consent",
            description = "The customer's consent to one purpose, with the version of the notice it was given under, "
                    + "which must be registered for a grant (400 otherwise), the SHA-256 of that notice's text and the "
                    + "channel. A withdrawal is never refused for its notice: when the version is not registered it is "
                    + "recorded without a hash. Roles: AGENT, COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "200", description = "The customer's view with the change",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "202", description = STORED_NOT_SHOWN)
    @PutMapping(path = "/{id}/consents/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ChangeAnswer> setConsent(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                @Parameter(schema = @Schema(pattern = CustomerSchemas.PURPOSE,
                                                        example = "marketing-email"))
                                                @PathVariable String purpose,
                                                @RequestBody ConsentRequest request,
                                                @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                String ifMatch,
                                                Authentication caller) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        if (request.granted() == null) {
            throw new InvalidRequestException("granted", "is required");
        }
        String noticeSha256 = noticeSha256(request.noticeVersion(), request.granted());
        Long version = sendExpecting(request.granted()
                ? new GrantConsentCommand(customerId, purpose, request.noticeVersion(), noticeSha256, request.channel(),
                        expected)
                : new WithdrawConsentCommand(customerId, purpose, request.noticeVersion(), noticeSha256,
                        request.channel(), expected), expected);
        return answerWithView(customerId, version, caller, "customer.consent");
    }

    /** Whether the customer's restriction withholds their personal values from the caller (an AGENT). */
    private boolean withheld(CustomerId customerId, Authentication caller) {
        Masking masking = Masking.of(caller);
        return masking != Masking.NONE && masking.withholds(currentView(customerId).status());
    }

    /** {@code purpose}, {@code purpose:granted} or {@code purpose:withdrawn}; null without the parameter. */
    private static ConsentFilter consentFilter(String consent) {
        if (consent == null) {
            return null;
        }
        int colon = consent.lastIndexOf(':');
        String purpose = colon < 0 ? consent : consent.substring(0, colon);
        String state = colon < 0 ? "granted" : consent.substring(colon + 1);
        if (!ConsentPurpose.isWellFormed(purpose) || !(state.equals("granted") || state.equals("withdrawn"))) {
            throw new InvalidRequestException("consent", "must be a purpose, optionally followed by :granted or "
                    + ":withdrawn; a purpose " + ConsentPurpose.RULE);
        }
        return new ConsentFilter(purpose, state.equals("granted"));
    }

    /**
     * The SHA-256 of the notice's registered text; a malformed version is left to the customer's rules to name. A
     * grant needs a registered notice; a withdrawal does not (GDPR Art. 7(3): as easy to withdraw as to give, so
     * never held up by a notice no one registered) and records the hash only when the notice is registered.
     */
    private String noticeSha256(String noticeVersion, boolean granted) {
        if (noticeVersion == null || !noticeVersion.matches(CustomerSchemas.NOTICE_VERSION)) {
            return null;
        }
        Optional<String> registered = notices.find(noticeVersion).map(PrivacyNotices.Notice::sha256);
        if (granted && registered.isEmpty()) {
            throw new InvalidRequestException("noticeVersion", "is not a registered privacy notice");
        }
        return registered.orElse(null);
    }

    @Operation(operationId = "setObjection", summary = "Record or withdraw an objection to a purpose",
            description = "GDPR Art. 21 (oposición): the customer objects to the processing of their data for a purpose. "
                    + "While they object, a read whose Purpose header names the purpose is refused with 403, as for a "
                    + "withdrawn consent. The reason is personal and encrypted under the customer's key. Roles: AGENT, "
                    + "COMPLIANCE, ADMIN (an objection is often taken by whoever talks to the customer).")
    @ApiResponse(responseCode = "200", description = "The customer's view with the change",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "202", description = STORED_NOT_SHOWN)
    @PutMapping(path = "/{id}/objections/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ChangeAnswer> setObjection(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                  @Parameter(schema = @Schema(pattern = CustomerSchemas.PURPOSE,
                                                          example = "profiling"))
                                                  @PathVariable String purpose,
                                                  @RequestBody ObjectionRequest request,
                                                  @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                  String ifMatch,
                                                  Authentication caller) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        if (request.objected() == null) {
            throw new InvalidRequestException("objected", "is required");
        }
        Long version = sendExpecting(request.objected()
                ? new ObjectToProcessingCommand(customerId, purpose, request.reason(), expected)
                : new WithdrawObjectionCommand(customerId, purpose, expected), expected);
        return answerWithView(customerId, version, caller, "customer.objection");
    }

    @Operation(operationId = "setRestriction", summary = "Restrict processing, or lift the restriction",
            description = "GDPR Art. 18: while restricted, the customer's data is kept and can be read, but nothing new is "
                    + "recorded for them. Roles: COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "200", description = "The customer's view with the change",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "202", description = STORED_NOT_SHOWN)
    @PutMapping(path = "/{id}/restriction", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ChangeAnswer> setRestriction(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                    @RequestBody RestrictionRequest request,
                                                    @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                    String ifMatch,
                                                    Authentication caller) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        if (request.restricted() == null) {
            throw new InvalidRequestException("restricted", "is required");
        }
        Long version = sendExpecting(request.restricted()
                ? new RestrictProcessingCommand(customerId, request.reason(), expected)
                : new LiftProcessingRestrictionCommand(customerId, expected), expected);
        return answerWithView(customerId, version, caller, "customer.restriction");
    }

    @Operation(operationId = "setLegalHold", summary = "Place a legal hold, or release it",
            description = "While a legal hold stands, the customer cannot be erased: an erasure request and retention"
                    + " answer 409 (legal-hold) and erase nothing. The reason is personal data, kept encrypted; the"
                    + " history shows when the hold was placed and released. Roles: COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "200", description = "The customer's view with the change",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "202", description = STORED_NOT_SHOWN)
    @PutMapping(path = "/{id}/legal-hold", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ChangeAnswer> setLegalHold(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id,
                                                  @RequestBody LegalHoldRequest request,
                                                  @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                                  String ifMatch,
                                                  Authentication caller) {
        CustomerId customerId = customerId(id);
        Long expected = EntityTags.expectedVersion(ifMatch);
        if (request.held() == null) {
            throw new InvalidRequestException("held", "is required");
        }
        Long version = sendExpecting(request.held()
                ? new PlaceLegalHoldCommand(customerId, request.reason(), expected)
                : new ReleaseLegalHoldCommand(customerId, expected), expected);
        return answerWithView(customerId, version, caller, "customer.legal-hold");
    }

    /**
     * Sends a write that may name the version it expects. On one node the repository compares it under
     * the customer's lock; a node that loaded the customer at that version while another node stored the
     * next one loses at the event store's unique sequence number instead, which for such a write is the
     * same failed precondition, not a conflict to retry.
     */
    private Long sendExpecting(Object command, Long expectedVersion) {
        try {
            return commands.sendAndWait(command);
        } catch (RuntimeException failure) {
            for (Throwable cause = failure; expectedVersion != null && cause != null; cause = cause.getCause()) {
                if (cause instanceof ConcurrencyException) {
                    throw new PreconditionFailedException();
                }
            }
            throw failure;
        }
    }

    private static List<CustomerId> ids(CustomerSummaryPage page) {
        return page.items().stream().map(CustomerSummaryPage.Summary::id).toList();
    }

    /**
     * 200 with the view once it shows the change; 202 if the read model is still behind. The status
     * follows the view in the body (it may have caught up just after the wait ended). The ETag is
     * the version the write left the customer at, whichever version the view shown has reached. A
     * customer the read models have not written yet (a bulk rebuild that has not reached them) has no
     * view to show: 202 with what was stored, since the change is stored all the same.
     */
    private ResponseEntity<ChangeAnswer> answerWithView(CustomerId customerId, long version, Authentication caller,
                                                        String action) {
        readYourWrites.awaitVersion(customerId, version);
        Optional<CustomerView> found = view(customerId);
        if (found.isEmpty() && erasures.find(customerId).isEmpty()) {
            return ResponseEntity.accepted().eTag(EntityTags.of(version))
                    .body(new ChangeStoredResponse(customerId.value(), version));
        }
        CustomerView view = found.orElseThrow(() -> missing(customerId));
        CustomerResponse shown = shown(view, caller, action, null);
        return (view.version() >= version ? ResponseEntity.ok() : ResponseEntity.accepted())
                .eTag(EntityTags.of(version)).body(shown);
    }

    /** Every view that leaves the server is masked for the caller and reported to the access log. */
    private CustomerResponse shown(CustomerView view, Authentication caller, String action, String purpose) {
        access.record(caller.getName(), List.of(view.id()), action, purpose);
        return CustomerResponse.of(view, Masking.of(caller));
    }

    private CustomerView currentView(CustomerId customerId) {
        return view(customerId).orElseThrow(() -> missing(customerId));
    }

    private Optional<CustomerView> view(CustomerId customerId) {
        return queries.query(new FetchCustomerViewQuery(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join();
    }

    /** 410 for a customer who was erased, 404 for one who never was here. */
    private RuntimeException missing(CustomerId customerId) {
        return erasures.find(customerId).isPresent()
                ? new CustomerErasedException(customerId) : new NotFoundException("customer");
    }

    private static CustomerId customerId(String id) {
        try {
            return CustomerId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
    }
}
