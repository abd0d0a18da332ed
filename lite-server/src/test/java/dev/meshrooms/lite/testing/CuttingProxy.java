package dev.meshrooms.lite.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards to a server and cuts every open connection once the bytes sent towards the
 * server (counted over all connections) pass each of the given marks: a network that drops, at known points.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Deque<Long> marks;
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public CuttingProxy(int targetPort, List<Long> cutMarks) throws IOException {
        this.target = targetPort;
        this.marks = new ArrayDeque<>(cutMarks);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many times the proxy cut the connections. */
    public int cuts() {
        return cuts.get();
    }

    public long bytesUpstream() {
        return upstream.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 << 10];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            out.write(buffer, 0, n);
                            if (towardsServer && passedMark(upstream.addAndGet(n))) {
                                cutAll();
                                return;
                            }
                        }
                    } catch (IOException closed) {
                        // cut, or closed by either side
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized boolean passedMark(long bytes) {
        if (!marks.isEmpty() && bytes >= marks.peekFirst()) {
            marks.removeFirst();
            cuts.incrementAndGet();
            return true;
        }
        return false;
    }

    private void cutAll() {
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
