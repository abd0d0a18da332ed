package dev.meshrooms.lite.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;

/**
 * Mesh-Lite's logging, set up in code (found by logback through {@code META-INF/services}): our own messages at INFO,
 * the libraries' at WARN, to standard error. Set up this way a command starts about a third of a second sooner than
 * with an XML file, which logback would parse with the JDK's XML parser first. A file named by
 * {@code -Dlogback.configurationFile} (or a {@code logback-test.xml}, in tests) is taken instead. The embedded S3
 * store's request handler logs an ERROR for each request it does not implement (a bucket's tags or policy, which a
 * room's own shard asks for and records as not supported where the store answers 501); those lines, and only those,
 * are not shown.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    static final Map<String, Level> LEVELS = Map.of(
            "dev.meshrooms", Level.INFO,
            "org.gaul", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "io.zonky", Level.WARN,
            "software.amazon", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.addFilter(new UnimplementedRequests());
        console.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Drops the embedded store's "Unknown parameters/header/method" lines: answered 501, handled by the caller. */
    static final class UnimplementedRequests extends Filter<ILoggingEvent> {
        static final String HANDLER = "org.gaul.s3proxy.S3ProxyHandler";

        @Override
        public FilterReply decide(ILoggingEvent event) {
            return HANDLER.equals(event.getLoggerName())
                            && event.getMessage() != null
                            && event.getMessage().startsWith("Unknown ")
                    ? FilterReply.DENY
                    : FilterReply.NEUTRAL;
        }
    }
}
