import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out load client (run by run.sh fanout, in the JDK's single-file mode: JDK classes only). CLIENTS readers
 * hold the room's event stream (GET /api/room/<id>/events, the JDK's HttpClient, asynchronous: no thread per stream)
 * while WRITERS members each send RATE messages a second for SECONDS. Every reader must receive every acknowledged
 * message exactly once; the delay from a send's 201 to each reader's receipt is measured, and the server's heap and
 * threads are read from /metrics meanwhile.
 *
 * <p>Arguments: BASE ROOM_ID READER_TOKENS WRITER_TOKENS CLIENTS WRITERS RATE SECONDS (tokens comma-separated; reader
 * i uses token i modulo their number).
 */
public final class FanoutClient {
    private static final String MARK = "\"body\":\"fanout ";
    private static long start;
    private static int[][] receivedAt; // per reader, per message: ms after start + 1 (0: not received)
    private static int[] ackedAt; // per message: ms after start + 1 of its 201
    private static final AtomicLong duplicates = new AtomicLong();
    private static final AtomicLong events = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String room = args[1];
        String[] readerTokens = args[2].split(",");
        String[] writerTokens = args[3].split(",");
        int clients = Integer.parseInt(args[4]);
        int writers = Integer.parseInt(args[5]);
        int rate = Integer.parseInt(args[6]);
        int seconds = Integer.parseInt(args[7]);
        int planned = writers * rate * seconds;
        int capacity = planned + planned / 5 + 100;
        receivedAt = new int[clients][capacity];
        ackedAt = new int[capacity];
        start = System.nanoTime();

        streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        eventsUrl = URI.create(base + "/api/room/" + room + "/events");
        tokens = readerTokens;
        CountDownLatch connected = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            open(new Reader(i, connected));
            if (i % 50 == 49) {
                Thread.sleep(20); // a ramp, as browsers open a page at a time
            }
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            System.err.println("only " + (clients - connected.getCount()) + " of " + clients + " streams opened");
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "%d streams open after %.1f s%n", clients, (System.nanoTime() - start) / 1e9);

        Sampler sampler = new Sampler(base);
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
        sampling.scheduleAtFixedRate(sampler::sample, 0, 2, TimeUnit.SECONDS);

        HttpClient sends = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService writing = Executors.newScheduledThreadPool(writers);
        long sendStart = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            String token = writerTokens[w % writerTokens.length];
            writing.scheduleAtFixedRate(
                    () -> {
                        int index = next.getAndIncrement();
                        if (index >= capacity) {
                            return;
                        }
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/sendMessage"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .header("x-room-id", room)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"body\":\"fanout " + index + "\"}"))
                                .build();
                        try {
                            HttpResponse<String> r = sends.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                ackedAt[index] = millis() + 1;
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    },
                    w * 1000L / rate / writers,
                    1000L / rate,
                    TimeUnit.MILLISECONDS);
        }
        Thread.sleep(seconds * 1000L);
        writing.shutdown();
        writing.awaitTermination(60, TimeUnit.SECONDS);
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        int sent = Math.min(next.get(), capacity);
        int acked = 0;
        for (int i = 0; i < sent; i++) {
            if (ackedAt[i] > 0) {
                acked++;
            }
        }
        // let the last events arrive
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < drainUntil && missing(clients, sent) > 0) {
            Thread.sleep(200);
        }
        sampling.shutdownNow();
        sampler.sample();
        stopping = true;

        long missing = missing(clients, sent);
        long[] histogram = new long[10_001]; // 1 ms buckets, the last one holds 10 s and more
        long negative = 0;
        for (int r = 0; r < clients; r++) {
            for (int i = 0; i < sent; i++) {
                if (ackedAt[i] == 0 || receivedAt[r][i] == 0) {
                    continue;
                }
                int delay = receivedAt[r][i] - ackedAt[i];
                if (delay < 0) {
                    negative++;
                    delay = 0; // the event overtook the 201 on its way back: no delay at all
                }
                histogram[Math.min(delay, histogram.length - 1)]++;
            }
        }
        long total = Arrays.stream(histogram).sum();
        int p50 = percentile(histogram, total, 0.50);
        int p90 = percentile(histogram, total, 0.90);
        int p99 = percentile(histogram, total, 0.99);
        int max = percentile(histogram, total, 1.0);
        System.out.printf(
                Locale.ROOT,
                "sent %d messages (%d acknowledged, %d failed) in %.1f s to %d readers: %d deliveries expected,"
                        + " %d received, %d missing, %d duplicates%n",
                sent,
                acked,
                failed.get(),
                sendSeconds,
                clients,
                (long) acked * clients,
                total,
                missing,
                duplicates.get());
        System.out.printf(
                Locale.ROOT,
                "delay from a send's 201 to a reader's receipt: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms"
                        + " (%d events arrived before their sender saw the 201); %d reconnects%n",
                p50,
                p90,
                p99,
                max,
                negative,
                reconnects.get());
        System.out.printf(
                Locale.ROOT,
                "server: heap used at most %.0f MiB, live threads at most %d (%d at the start), streams %d%n",
                sampler.maxHeap / 1048576.0,
                sampler.maxThreads,
                sampler.firstThreads,
                sampler.streams);
        System.out.printf(
                Locale.ROOT,
                "result: {\"clients\":%d,\"writers\":%d,\"rate\":%d,\"seconds\":%d,\"sent\":%d,\"acked\":%d,\"failed\":%d,"
                        + "\"expected\":%d,\"received\":%d,\"missing\":%d,\"duplicates\":%d,\"p50Ms\":%d,\"p90Ms\":%d,"
                        + "\"p99Ms\":%d,\"maxMs\":%d,\"reconnects\":%d,\"serverHeapMiB\":%.0f,\"serverThreads\":%d}%n",
                clients,
                writers,
                rate,
                seconds,
                sent,
                acked,
                failed.get(),
                (long) acked * clients,
                total,
                missing,
                duplicates.get(),
                p50,
                p90,
                p99,
                max,
                reconnects.get(),
                sampler.maxHeap / 1048576.0,
                sampler.maxThreads);
        System.exit(missing == 0 && duplicates.get() == 0 && failed.get() == 0 ? 0 : 3);
    }

    private static HttpClient streams;
    private static URI eventsUrl;
    private static String[] tokens;
    private static volatile boolean stopping;
    private static final AtomicLong reconnects = new AtomicLong();

    /** Opens (or reopens, after the last event id it saw) a reader's stream. */
    private static void open(Reader reader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(eventsUrl)
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + tokens[reader.index % tokens.length])
                .GET();
        if (reader.lastId >= 0) {
            request.header("Last-Event-ID", Long.toString(reader.lastId));
        }
        streams.sendAsync(request.build(), HttpResponse.BodyHandlers.fromSubscriber(reader))
                .thenAccept(r -> {
                    if (r.statusCode() != 200) {
                        System.err.println("a stream answered " + r.statusCode());
                    }
                });
    }

    private static int millis() {
        return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static long missing(int clients, int sent) {
        long missing = 0;
        for (int r = 0; r < clients; r++) {
            for (int i = 0; i < sent; i++) {
                if (ackedAt[i] > 0 && receivedAt[r][i] == 0) {
                    missing++;
                }
            }
        }
        return missing;
    }

    private static int percentile(long[] histogram, long total, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    /**
     * One reader, as a browser's EventSource: scans the stream's bytes (no decoding into strings) for the messages'
     * bodies ("fanout N") and the events' ids, notes when each message arrives and any it gets twice, and when the
     * server ends the stream reconnects after a second with {@code Last-Event-ID}.
     */
    private static final class Reader implements Flow.Subscriber<List<java.nio.ByteBuffer>> {
        private static final byte[] MARK_BYTES = MARK.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private static final byte[] ID = "id: ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private final int index;
        private final int[] received;
        private final CountDownLatch connected;
        private boolean counted;
        private int marked;
        private int number = -1;
        private boolean lineStart = true;
        private int idMatched = -1;
        private long id = -1;
        long lastId = -1;

        Reader(int index, CountDownLatch connected) {
            this.index = index;
            this.received = receivedAt[index];
            this.connected = connected;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> buffers) {
            if (!counted) {
                counted = true;
                connected.countDown(); // the stream's first bytes (a heartbeat) came
            }
            for (java.nio.ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    scan(buffer.get());
                }
            }
        }

        private void scan(byte b) {
            if (number >= 0) {
                if (b >= '0' && b <= '9') {
                    number = number * 10 + (b - '0');
                    return;
                }
                note(number);
                number = -1;
            }
            if (id >= 0) {
                if (b >= '0' && b <= '9') {
                    id = id * 10 + (b - '0');
                    return;
                }
                lastId = id;
                id = -1;
            }
            if (lineStart) {
                idMatched = 0;
            }
            if (idMatched >= 0) {
                if (b == ID[idMatched]) {
                    if (++idMatched == ID.length) {
                        id = 0;
                        idMatched = -1;
                    }
                } else {
                    idMatched = -1;
                }
            }
            lineStart = b == '\n';
            if (b == MARK_BYTES[marked]) {
                if (++marked == MARK_BYTES.length) {
                    number = 0;
                    marked = 0;
                }
            } else {
                marked = b == MARK_BYTES[0] ? 1 : 0;
            }
        }

        private void note(int message) {
            events.incrementAndGet();
            if (message >= received.length) {
                return;
            }
            if (received[message] != 0) {
                duplicates.incrementAndGet();
            } else {
                received[message] = millis() + 1;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            reconnect();
        }

        @Override
        public void onComplete() {
            reconnect();
        }

        private void reconnect() {
            if (stopping) {
                return;
            }
            reconnects.incrementAndGet();
            marked = 0;
            number = -1;
            id = -1;
            lineStart = true;
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> open(this));
        }
    }

    /** The server's heap, threads and open streams, from its /metrics. */
    private static final class Sampler {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String base;
        volatile double maxHeap;
        volatile long maxThreads;
        volatile long firstThreads = -1;
        volatile long streams;

        Sampler(String base) {
            this.base = base;
        }

        void sample() {
            try {
                String metrics = client.send(
                                HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                double heap = 0;
                for (String line : metrics.split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    } else if (line.startsWith("jvm_threads_live_threads ")) {
                        long threads = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        maxThreads = Math.max(maxThreads, threads);
                        if (firstThreads < 0) {
                            firstThreads = threads;
                        }
                    } else if (line.startsWith("mesh_live_streams ")) {
                        streams = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                maxHeap = Math.max(maxHeap, heap);
            } catch (Exception e) {
                System.err.println("reading /metrics failed: " + e);
            }
        }
    }
}
