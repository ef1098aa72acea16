package org.customervault.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;

class ProblemAdviceTest {

    /** An unexpected failure's message may hold what was sent or stored: the log gets its classes, in one line. */
    @Test
    void anUnexpectedFailureIsLoggedInOneErrorLineWithItsClassAndNoMessage() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemAdvice.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            ResponseEntity<Object> answer = new ProblemAdvice().handle(new IllegalStateException("ana@canary.example",
                    new IllegalArgumentException("Ana Canary")));

            assertThat(answer.getStatusCode().value()).isEqualTo(500);
            assertThat(log.list).hasSize(1);
            ILoggingEvent line = log.list.get(0);
            assertThat(line.getLevel()).isEqualTo(Level.ERROR);
            assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(line.getFormattedMessage()).doesNotContain("\n", "canary", "Canary")
                    .contains(IllegalStateException.class.getName(), IllegalArgumentException.class.getName());
        } finally {
            logger.detachAppender(log);
        }
    }
}
