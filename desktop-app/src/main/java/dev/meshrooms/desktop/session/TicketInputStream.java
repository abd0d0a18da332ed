package dev.meshrooms.desktop.session;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bundle bytes read into the ticket and stops the import with the next read once it is cancelled. */
final class TicketInputStream extends FilterInputStream {
    private final ImportTicket ticket;
    private final String bundleName;

    TicketInputStream(InputStream in, ImportTicket ticket, String bundleName) {
        super(in);
        this.ticket = ticket;
        this.bundleName = bundleName;
    }

    @Override
    public int read() throws IOException {
        checkCancelled();
        int b = super.read();
        if (b >= 0) {
            ticket.read(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkCancelled();
        int n = super.read(b, off, len);
        if (n > 0) {
            ticket.read(n);
        }
        return n;
    }

    private void checkCancelled() {
        if (ticket.cancelled()) {
            throw new ImportCancelledException(bundleName);
        }
    }
}
