package org.customervault.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.customervault.domain.crypto.DecryptionFailedException;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.customer.CustomerErasedException;
import org.customervault.domain.customer.DuplicateOrderException;
import org.customervault.domain.customer.InvalidCustomerDataException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.domain.customer.ProcessingRestrictedException;
import org.customervault.projections.compliance.AccessLogUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Turns every failure into an RFC 9457 problem. Details name fields and rules, never a submitted
 * value, and a failure's own message is not copied into a response.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    /** Axon may wrap what a handler threw; the first known failure in the chain decides the answer. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handle(Exception exception, HttpServletRequest request) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooManyRequestsException limited) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, ProblemWriter.retryAfterSeconds(limited.retryAfter()))
                        .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", limited.detail()));
            }
            Optional<ProblemDetail> problem = known(cause);
            if (problem.isPresent()) {
                return ResponseEntity.status(problem.get().getStatus()).body(problem.get());
            }
        }
        // the route's pattern, not the request's URI: a query string may carry an email or a name
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String incident = UUID.randomUUID().toString();
        LOG.error("unexpected failure in {} {}, incident {}: {}", request.getMethod(), route == null ? "(no route)" : route,
                incident, summary(exception), RedactedFailure.of(exception));
        ProblemDetail failed = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; the operator can find it in the log by its incident id.");
        failed.setProperty("incident", incident);
        return ResponseEntity.internalServerError().body(failed);
    }

    /**
     * The log's summary of a failure: the classes of the failure and its causes, and where the
     * innermost was thrown. Never a message, which may carry what was sent or stored.
     */
    static String summary(Throwable failure) {
        StringBuilder line = new StringBuilder(failure.getClass().getName());
        Throwable innermost = failure;
        int depth = 0;
        for (Throwable cause = failure.getCause(); cause != null && cause != innermost && depth < 10;
             cause = cause.getCause(), depth++) {
            line.append(" <- ").append(cause.getClass().getName());
            innermost = cause;
        }
        StackTraceElement[] frames = innermost.getStackTrace();
        if (frames.length > 0) {
            line.append(" at ").append(frames[0].getClassName()).append('.').append(frames[0].getMethodName())
                    .append(':').append(frames[0].getLineNumber());
        }
        return line.toString();
    }

    private Optional<ProblemDetail> known(Throwable cause) {
        if (cause instanceof InvalidCustomerDataException invalid) {
            return Optional.of(invalid(invalid.violations()));
        }
        if (cause instanceof InvalidRequestException invalid) {
            return Optional.of(invalid(invalid.violations()));
        }
        if (cause instanceof ForbiddenException forbidden) {
            return Optional.of(problem(HttpStatus.FORBIDDEN, "Forbidden", forbidden.detail()));
        }
        if (cause instanceof NotFoundException notFound) {
            return Optional.of(problem(HttpStatus.NOT_FOUND, "Not found", "No " + notFound.what() + " with this id."));
        }
        if (cause instanceof AggregateNotFoundException) {
            return Optional.of(problem(HttpStatus.NOT_FOUND, "Not found", "No customer with this id."));
        }
        if (cause instanceof ConflictException conflict) {
            return Optional.of(problem(HttpStatus.CONFLICT, "Conflict", conflict.detail()));
        }
        if (cause instanceof CustomerErasedException || cause instanceof SubjectErasedException) {
            return Optional.of(problem(HttpStatus.GONE, "Customer erased",
                    "This customer was erased; nothing more can be read or recorded for them."));
        }
        if (cause instanceof LegalHoldException) {
            ProblemDetail held = problem(HttpStatus.CONFLICT, "Legal hold",
                    "A legal hold stands on this customer; nothing was erased. Release the hold first.");
            held.setType(URI.create(ProblemTypes.LEGAL_HOLD));
            return Optional.of(held);
        }
        if (cause instanceof ProcessingRestrictedException) {
            return Optional.of(problem(HttpStatus.CONFLICT, "Processing restricted",
                    "Processing of this customer is restricted; lift the restriction first."));
        }
        if (cause instanceof PreconditionFailedException || cause instanceof ConflictingAggregateVersionException) {
            // the repository compared the version under the customer's lock, so nothing of the request was stored
            return Optional.of(problem(HttpStatus.PRECONDITION_FAILED, "Precondition failed",
                    "The customer changed since the version named in If-Match; nothing was stored."
                            + " Read it again and send its new ETag."));
        }
        if (cause instanceof PreconditionRequiredException) {
            return Optional.of(problem(HttpStatus.PRECONDITION_REQUIRED, "Precondition required",
                    "This vault takes changes only with If-Match: read the customer and send its ETag, or *."));
        }
        if (cause instanceof ConcurrencyException) {
            // two nodes wrote to the same customer at once; the event store kept the first
            return Optional.of(problem(HttpStatus.CONFLICT, "Concurrent change",
                    "Another change to this customer was stored at the same moment; nothing of this request was stored. Try again."));
        }
        if (cause instanceof DuplicateOrderException duplicate) {
            ProblemDetail recorded = problem(HttpStatus.CONFLICT, "Duplicate order",
                    "A purchase with this order reference is already recorded for this customer (see purchaseId);"
                            + " nothing was stored.");
            recorded.setProperty("purchaseId", duplicate.purchaseId());
            return Optional.of(recorded);
        }
        if (cause instanceof PurposeRefusedException) {
            ProblemDetail refused = problem(HttpStatus.FORBIDDEN, "Purpose refused by the customer",
                    "The customer objects to the purpose named in the Purpose header, or withdrew or refused consent "
                            + "for it; nothing of the customer is returned for it.");
            refused.setType(URI.create(ProblemTypes.PURPOSE_REFUSED));
            return Optional.of(refused);
        }
        if (cause instanceof AccessLogUnavailableException) {
            ProblemDetail unrecorded = problem(HttpStatus.SERVICE_UNAVAILABLE, "Access log unavailable",
                    "The read could not be recorded in the access log, so nothing of it is returned. Try again later.");
            unrecorded.setType(URI.create(ProblemTypes.ACCESS_LOG_UNAVAILABLE));
            return Optional.of(unrecorded);
        }
        if (cause instanceof KeyStoreUnavailableException) {
            LOG.warn("key store unavailable: {}", cause.getMessage());
            return Optional.of(problem(HttpStatus.SERVICE_UNAVAILABLE, "Key store unavailable",
                    "The key store cannot be reached; nothing was stored. Try again later."));
        }
        if (cause instanceof DecryptionFailedException || cause instanceof MissingKeyException) {
            // a stored event was changed around the vault (or its key lost): refused as a whole, never partly shown
            LOG.error("stored data refused: {}", cause.getMessage());
            ProblemDetail refused = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Stored data refused",
                    "Stored data of this customer does not read back as the vault wrote it; nothing of it is returned.");
            refused.setType(URI.create(ProblemTypes.STORED_DATA_REFUSED));
            return Optional.of(refused);
        }
        if (cause instanceof RequestBodyTooLargeException) {
            return Optional.of(tooLarge());
        }
        if (cause instanceof RequestRejectedException) {
            // the firewall checks a header or parameter when it is first read, in the handler or after it
            return Optional.of(problem(HttpStatus.BAD_REQUEST, "Malformed request",
                    "The request's path, parameters or headers are not allowed."));
        }
        if (cause instanceof InvalidParameterException) {
            return Optional.of(problem(HttpStatus.BAD_REQUEST, "Malformed request",
                    "The query string is not well formed."));
        }
        return Optional.empty();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge());
            }
            if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                String field = fieldPath(databind.getPath());
                return ResponseEntity.badRequest().body(invalid(List.of(new Violation(field,
                        "is not allowed here or has the wrong type"))));
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request",
                "The request body is not valid JSON of the expected shape."));
    }

    /** Spring's own detail quotes the value that did not convert; the problem names the parameter alone. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = exception.getPropertyName() == null ? "parameter" : exception.getPropertyName();
        return ResponseEntity.badRequest().body(invalid(List.of(new Violation(name, "has the wrong type or format"))));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setType(URI.create(ProblemTypes.of(HttpStatus.valueOf(status.value()))));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String fieldPath(List<DatabindException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (DatabindException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static ProblemDetail invalid(List<Violation> violations) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid data",
                "Some fields are missing or invalid; nothing was stored.");
        problem.setType(URI.create(ProblemTypes.INVALID_DATA));
        problem.setProperty("errors", violations.stream()
                .map(violation -> Map.of("field", violation.field(), "message", violation.message()))
                .toList());
        return problem;
    }

    private static ProblemDetail tooLarge() {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "Request bodies are limited to " + RequestBodyLimitFilter.MAX_BODY_BYTES + " bytes.");
    }

    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(ProblemTypes.of(status)));
        return problem;
    }
}
