package org.customervault.api.customer;

import java.net.URI;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.GrantConsentCommand;
import org.customervault.domain.customer.api.LiftProcessingRestrictionCommand;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RecordPurchaseCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.customervault.domain.customer.api.WithdrawConsentCommand;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The customers resource of the API contract, version 1. */
@RestController
@RequestMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;

    CustomerController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, JsonMapper json) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedResponse> register(@RequestBody RegisterCustomerRequest request) {
        CustomerId id = CustomerId.newId();
        commands.sendAndWait(new RegisterCustomerCommand(id, request.fullName(), request.email(), request.phone(),
                request.nationalId(), request.birthDate(), request.address(), request.preferences()));
        readYourWrites.awaitVersion(id, 0);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id.value())).body(new CreatedResponse(id.value()));
    }

    @GetMapping("/{id}")
    CustomerResponse view(@PathVariable String id) {
        return CustomerResponse.of(currentView(customerId(id)));
    }

    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<CustomerResponse> rectify(@PathVariable String id, @RequestBody JsonNode patch) {
        CustomerId customerId = customerId(id);
        CustomerView current = currentView(customerId);
        Long version = commands.sendAndWait(MergePatch.toCommand(json, customerId, patch, current));
        return answerWithView(customerId, version);
    }

    @PostMapping(path = "/{id}/interactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedResponse> recordInteraction(@PathVariable String id,
                                                      @RequestBody RecordInteractionRequest request) {
        CustomerId customerId = customerId(id);
        String interactionId = UUID.randomUUID().toString();
        Long version = commands.sendAndWait(new RecordInteractionCommand(customerId, interactionId,
                request.channel(), request.summary(), request.occurredAt()));
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedResponse(interactionId));
    }

    @PostMapping(path = "/{id}/purchases", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedResponse> recordPurchase(@PathVariable String id, @RequestBody RecordPurchaseRequest request) {
        CustomerId customerId = customerId(id);
        String purchaseId = UUID.randomUUID().toString();
        Long version = commands.sendAndWait(new RecordPurchaseCommand(customerId, purchaseId, request.orderRef(),
                request.amount(), request.currency(), request.occurredAt()));
        readYourWrites.awaitVersion(customerId, version);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedResponse(purchaseId));
    }

    @PutMapping(path = "/{id}/consents/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerResponse> setConsent(@PathVariable String id, @PathVariable String purpose,
                                                @RequestBody ConsentRequest request) {
        CustomerId customerId = customerId(id);
        if (request.granted() == null) {
            throw new InvalidRequestException("granted", "is required");
        }
        Long version = commands.sendAndWait(request.granted()
                ? new GrantConsentCommand(customerId, purpose, request.noticeVersion())
                : new WithdrawConsentCommand(customerId, purpose, request.noticeVersion()));
        return answerWithView(customerId, version);
    }

    @PutMapping(path = "/{id}/restriction", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerResponse> setRestriction(@PathVariable String id, @RequestBody RestrictionRequest request) {
        CustomerId customerId = customerId(id);
        if (request.restricted() == null) {
            throw new InvalidRequestException("restricted", "is required");
        }
        Long version = commands.sendAndWait(request.restricted()
                ? new RestrictProcessingCommand(customerId, request.reason())
                : new LiftProcessingRestrictionCommand(customerId));
        return answerWithView(customerId, version);
    }

    /** 200 with the view once it shows the change; 202 if the read model is still behind. */
    private ResponseEntity<CustomerResponse> answerWithView(CustomerId customerId, long version) {
        boolean shown = readYourWrites.awaitVersion(customerId, version);
        CustomerResponse view = CustomerResponse.of(currentView(customerId));
        return shown ? ResponseEntity.ok(view) : ResponseEntity.accepted().body(view);
    }

    private CustomerView currentView(CustomerId customerId) {
        return queries.query(new FetchCustomerViewQuery(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join()
                .orElseThrow(() -> new NotFoundException("customer"));
    }

    private static CustomerId customerId(String id) {
        try {
            return CustomerId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("id", "must be a UUID");
        }
    }
}
