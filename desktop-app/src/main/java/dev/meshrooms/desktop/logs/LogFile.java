package dev.meshrooms.desktop.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The desktop app's log file, {@code <data dir>/logs/mesh-lite.log}: what the console shows, also on disk for
 * support, rolled at 5 MB into {@code mesh-lite.1.log} … {@code mesh-lite.3.log}. Added to logback's root logger in
 * code, so it works whichever {@code logback.xml} is on the class path.
 */
public final class LogFile {
    public static final String NAME = "mesh-lite.log";
    static final String APPENDER = "mesh-lite-file";
    private final Path file;

    private LogFile(Path file) {
        this.file = file;
    }

    /** Logs into {@code dataDir}'s log file from now on (replacing a log file of another data directory). */
    public static synchronized LogFile install(DataDirectory dataDir) {
        Path file = dataDir.logs().resolve(NAME);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new LogFile(file);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> current = root.getAppender(APPENDER);
        if (current instanceof RollingFileAppender<ILoggingEvent> rolling
                && file.toString().equals(rolling.getFile())) {
            return new LogFile(file);
        }
        if (current != null) {
            root.detachAppender(current);
            current.stop();
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{20} [%thread] - %msg%n");
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(dataDir.logs().resolve("mesh-lite.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("5MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        root.addAppender(appender);
        return new LogFile(file);
    }

    public Path file() {
        return file;
    }

    public Path folder() {
        return file.getParent();
    }
}
