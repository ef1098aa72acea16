package org.customervault.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * What the vault logs, caught at the root logger. Attach it once the vault has started: starting
 * sets logging up again and replaces the appenders.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

    public static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    public void clear() {
        events.clear();
    }

    /** The lines logged by the threads that serve HTTP requests since the last {@link #clear()}, stack traces included. */
    public List<String> requestLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            if (event.getThreadName().contains("-exec-")) {
                String text = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                lines.addAll(List.of(text.split("\n", -1)));
            }
        }
        return lines;
    }

    /** A refused request left at most one line in the log, with no stack trace and none of the values sent. */
    public void assertQuiet(String request, String... sentValues) {
        List<String> lines = requestLines();
        assertThat(lines).as("what %s logged", request).hasSizeLessThanOrEqualTo(1);
        assertThat(lines).as("what %s logged", request).noneMatch(line -> line.contains("\tat "));
        for (String value : sentValues) {
            assertThat(lines).as("what %s logged", request).noneMatch(line -> line.contains(value));
        }
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
