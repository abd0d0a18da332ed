package dev.meshrooms.lite.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body must keep coming: once the app starts reading it, the body may average no less than
 * {@code bytesPerSecond} after a grace period; a client that trickles it slower is cut off with 408 (the connection
 * closes). Measured from the app's first read, not from when the request arrived, so a request that waited in the
 * queue on a busy server is never mistaken for a slow one (Jetty's own minimum data rate counts that wait, and cut off
 * small bodies of a loaded server). A client that sends nothing at all meets the connection's idle timeout instead.
 */
final class BodyRate extends HttpServletRequestWrapper {
    private final long bytesPerSecond;
    private final long graceNanos;
    private ServletInputStream stream;

    BodyRate(HttpServletRequest request, long bytesPerSecond, long graceMillis) {
        super(request);
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceMillis * 1_000_000;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Measured(super.getInputStream());
        }
        return stream;
    }

    /** Thrown when the body arrives too slowly; Jetty answers 408 and closes the connection. */
    static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    private final class Measured extends ServletInputStream {
        private final ServletInputStream in;
        private long started;
        private long bytes;

        Measured(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = in.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }

        private void check() throws IOException {
            long now = System.nanoTime();
            if (started == 0) {
                started = now;
                return;
            }
            long elapsed = now - started;
            if (elapsed > graceNanos && bytes * 1_000_000_000L / elapsed < bytesPerSecond) {
                throw new TooSlow("request body arriving at " + bytes * 1_000_000_000L / elapsed + " B/s, under the "
                        + bytesPerSecond + " B/s a body must keep up");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
