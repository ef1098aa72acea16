package org.customervault.api.customer;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.access.PersonalDataAccess;
import org.customervault.api.access.Purpose;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.Masking;
import org.customervault.projections.compliance.ErasureLedger;
import org.customervault.domain.customer.CustomerErasedException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.FetchCustomerTimelineQuery;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.domain.customer.api.GrantConsentCommand;
import org.customervault.domain.customer.api.LiftProcessingRestrictionCommand;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RecordPurchaseCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.domain.customer.api.TimelinePage;
import org.customervault.domain.customer.api.WithdrawConsentCommand;
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

/** The customers resource of the API contract, version 1. */
@RestController
@RequestMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    static final int MAX_QUERY_LENGTH = 200;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;
    private final PersonalDataAccess access;
    private final ErasureLedger erasures;
    private final SearchRules searchRules;

    CustomerController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, JsonMapper json,
                       PersonalDataAccess access, ErasureLedger erasures, SearchRules searchRules) {
        this.erasures = erasures;
        this.searchRules = searchRules;
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.json = json;
        this.access = access;
    }

    @GetMapping
    CustomerPageResponse list(@Parameter(description = "An exact email, an exact phone (E.164), an exact national id"
                                      + " (COMPLIANCE and ADMIN only: an AGENT gets 403 for a text that can only be one),"
                                      + " or whole words of the name. Each user may search "
                                      + "vault.security.rate-limits.searches times a window (30 a minute by default);"
                                      + " beyond that, 429 with Retry-After. Every search, found or not, is in the access log.")
                              @RequestParam(required = false) String q,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size,
                              @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                              Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        Paging paging = Paging.checked(page, size);
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidRequestException("q", "must have at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (q == null || q.isBlank()) {
            CustomerSummaryPage listed = queries.query(new FetchCustomerSummariesQuery(null, Set.of(), paging.page(),
                    paging.size()), CustomerSummaryPage.class).join();
            access.record(caller.getName(), ids(listed), "customer.list", checkedPurpose);
            return CustomerPageResponse.of(listed);
        }
        Set<SearchKind> kinds = searchRules.kindsFor(caller, q);
        CustomerSummaryPage found = queries.query(new FetchCustomerSummariesQuery(q, kinds, paging.page(), paging.size()),
                CustomerSummaryPage.class).join();
        access.recordSearch(caller.getName(), kinds, ids(found), checkedPurpose);
        return CustomerPageResponse.of(found);
    }

    @ReplayableAnswer
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CreatedResponse> register(@RequestBody RegisterCustomerRequest request) {
        CustomerId id = CustomerId.newId();
        commands.sendAndWait(new RegisterCustomerCommand(id, request.fullName(), request.email(), request.phone(),
                request.nationalId(), request.birthDate(), request.address(), request.preferences()));
        readYourWrites.awaitVersion(id, 0);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id.value())).body(new CreatedResponse(id.value()));
    }

    @GetMapping("/{id}")
    CustomerResponse view(@PathVariable String id,
                          @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                          Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        return shown(currentView(customerId(id)), caller, "customer.view", checkedPurpose);
    }

    @GetMapping("/{id}/timeline")
    TimelineResponse timeline(@PathVariable String id,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size,
                              @RequestHeader(name = Purpose.HEADER, required = false) String purpose,
                              Authentication caller) {
        String checkedPurpose = Purpose.checked(purpose);
        Paging paging = Paging.checked(page, size);
        CustomerId customerId = customerId(id);
        if (queries.query(new FetchCustomerViewVersionQuery(customerId), Long.class).join() < 0) {
            throw missing(customerId);
        }
        TimelinePage timeline = queries.query(new FetchCustomerTimelineQuery(customerId, paging.page(), paging.size()),
                TimelinePage.class).join();
        access.record(caller.getName(), List.of(customerId), "customer.timeline", checkedPurpose);
        return TimelineResponse.of(timeline);
    }

    @ApiResponse(responseCode = "200", description = "The customer's view with the change")
    @ApiResponse(responseCode = "202", description = "The change is stored; the view shown may not show it yet")
    // application/json too, as clients written before the document named only merge patches send it;
    // the document declares the one content type with its schema (MergePatchDocument)
    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<CustomerResponse> rectify(@PathVariable String id,
                                             @io.swagger.v3.oas.annotations.parameters.RequestBody(
                                                     description = "A JSON merge patch of the registration's fields",
                                                     content = @Content(mediaType = MERGE_PATCH_JSON,
                                                             schema = @Schema(ref = MergePatchDocument.PATCH_REF)))
                                             @RequestBody JsonNode patch,
                                             Authentication caller) {
        CustomerId customerId = customerId(id);
        CustomerView current = currentView(customerId);
        Long version = commands.sendAndWait(MergePatch.toCommand(json, customerId, patch, current));
        return answerWithView(customerId, version, caller, "customer.rectify");
    }

    @ReplayableAnswer
    @PostMapping(path = "/{id}/interactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CreatedResponse> recordInteraction(@PathVariable String id,
                                                      @RequestBody RecordInteractionRequest request) {
        CustomerId customerId = customerId(id);
        String interactionId = UUID.randomUUID().toString();
        Long version = commands.sendAndWait(new RecordInteractionCommand(customerId, interactionId,
                request.channel(), request.summary(), request.occurredAt()));
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedResponse(interactionId));
    }

    @ReplayableAnswer
    @PostMapping(path = "/{id}/purchases", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CreatedResponse> recordPurchase(@PathVariable String id, @RequestBody RecordPurchaseRequest request) {
        CustomerId customerId = customerId(id);
        String purchaseId = UUID.randomUUID().toString();
        Long version = commands.sendAndWait(new RecordPurchaseCommand(customerId, purchaseId, request.orderRef(),
                request.checkedAmount(), request.currency(), request.occurredAt()));
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedResponse(purchaseId));
    }

    @ApiResponse(responseCode = "200", description = "The customer's view with the change")
    @ApiResponse(responseCode = "202", description = "The change is stored; the view shown may not show it yet")
    @PutMapping(path = "/{id}/consents/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerResponse> setConsent(@PathVariable String id, @PathVariable String purpose,
                                                @RequestBody ConsentRequest request, Authentication caller) {
        CustomerId customerId = customerId(id);
        if (request.granted() == null) {
            throw new InvalidRequestException("granted", "is required");
        }
        Long version = commands.sendAndWait(request.granted()
                ? new GrantConsentCommand(customerId, purpose, request.noticeVersion())
                : new WithdrawConsentCommand(customerId, purpose, request.noticeVersion()));
        return answerWithView(customerId, version, caller, "customer.consent");
    }

    @ApiResponse(responseCode = "200", description = "The customer's view with the change")
    @ApiResponse(responseCode = "202", description = "The change is stored; the view shown may not show it yet")
    @PutMapping(path = "/{id}/restriction", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerResponse> setRestriction(@PathVariable String id, @RequestBody RestrictionRequest request,
                                                    Authentication caller) {
        CustomerId customerId = customerId(id);
        if (request.restricted() == null) {
            throw new InvalidRequestException("restricted", "is required");
        }
        Long version = commands.sendAndWait(request.restricted()
                ? new RestrictProcessingCommand(customerId, request.reason())
                : new LiftProcessingRestrictionCommand(customerId));
        return answerWithView(customerId, version, caller, "customer.restriction");
    }

    private static List<CustomerId> ids(CustomerSummaryPage page) {
        return page.items().stream().map(CustomerSummaryPage.Summary::id).toList();
    }

    /** 200 with the view once it shows the change; 202 if the read model is still behind. */
    private ResponseEntity<CustomerResponse> answerWithView(CustomerId customerId, long version, Authentication caller,
                                                            String action) {
        boolean reached = readYourWrites.awaitVersion(customerId, version);
        CustomerResponse view = shown(currentView(customerId), caller, action, null);
        return reached ? ResponseEntity.ok(view) : ResponseEntity.accepted().body(view);
    }

    /** Every view that leaves the server is masked for the caller and reported to the access log. */
    private CustomerResponse shown(CustomerView view, Authentication caller, String action, String purpose) {
        access.record(caller.getName(), List.of(view.id()), action, purpose);
        return CustomerResponse.of(view, Masking.of(caller));
    }

    private CustomerView currentView(CustomerId customerId) {
        return queries.query(new FetchCustomerViewQuery(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join()
                .orElseThrow(() -> missing(customerId));
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
