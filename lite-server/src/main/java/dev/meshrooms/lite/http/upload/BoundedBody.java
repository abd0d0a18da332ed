package dev.meshrooms.lite.http.upload;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/** A request whose body ends after {@code limit} bytes, whatever the client sends: what an upload may still take. */
final class BoundedBody extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream body;

    BoundedBody(HttpServletRequest request, long limit) {
        super(request);
        this.limit = Math.max(0, limit);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            body = new Bounded(super.getInputStream(), limit);
        }
        return body;
    }

    private static final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private long left;

        Bounded(ServletInputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return left <= 0 || in.isFinished();
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
