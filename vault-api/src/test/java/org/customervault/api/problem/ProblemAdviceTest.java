package org.customervault.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.servlet.HandlerMapping;

class ProblemAdviceTest {

    /**
     * An unexpected failure's message may hold what was sent or stored: the log gets one error with
     * the route, an incident id the client is given too, and the stack trace of every cause with
     * their classes and frames but none of their messages.
     */
    @Test
    void anUnexpectedFailureIsLoggedOnceWithItsStackTraceAndNoMessage() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemAdvice.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/customers");
            request.setQueryString("q=ana@canary.example");
            request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/customers");
            IllegalStateException failure = new IllegalStateException("ana@canary.example",
                    new IllegalArgumentException("Ana Canary"));
            failure.addSuppressed(new RuntimeException("Canary suppressed"));

            ResponseEntity<Object> answer = new ProblemAdvice().handle(failure, request);

            assertThat(answer.getStatusCode().value()).isEqualTo(500);
            String incident = (String) ((ProblemDetail) answer.getBody()).getProperties().get("incident");
            assertThat(log.list).hasSize(1);
            ILoggingEvent line = log.list.get(0);
            assertThat(line.getLevel()).isEqualTo(Level.ERROR);
            assertThat(line.getFormattedMessage()).contains("GET /api/v1/customers", incident,
                    IllegalStateException.class.getName(), IllegalArgumentException.class.getName());
            String trace = ThrowableProxyUtil.asString(line.getThrowableProxy());
            assertThat(trace).contains(getClass().getName() + ".anUnexpectedFailureIsLoggedOnceWithItsStackTraceAndNoMessage",
                    IllegalArgumentException.class.getName(), "Suppressed");
            assertThat(line.getFormattedMessage() + trace).doesNotContainIgnoringCase("canary");
        } finally {
            logger.detachAppender(log);
        }
    }

    /** The firewall checks a header when it is first read, which may be in a handler: still a 400, never a 500. */
    @Test
    void aRequestTheFirewallRejectsLateIsMalformed() {
        ResponseEntity<Object> answer = new ProblemAdvice().handle(new IllegalStateException(
                new RequestRejectedException("The request was rejected because the header value is not allowed")),
                new MockHttpServletRequest("GET", "/api/v1/customers"));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).doesNotContain("header value");
    }
}
