package dev.authpipe.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Logging set up in code rather than XML (parsing the XML was a tenth of start-up): one line per
 * event on stdout, UTC timestamps, root level from {@code AUTHPIPE_LOG_LEVEL} (default INFO), and the
 * chatty libraries at WARN. Logs never carry secrets: code logs credential keys, never tokens, and
 * no request URL or query string is logged (connect tokens and codes travel in URLs).
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        String level = System.getenv("AUTHPIPE_LOG_LEVEL");
        root.setLevel(Level.toLevel(level == null ? "INFO" : level.strip().toUpperCase(Locale.ROOT), Level.INFO));
        for (String chatty : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
