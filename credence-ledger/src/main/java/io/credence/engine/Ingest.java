package io.credence.engine;

import io.credence.BadInputException;
import io.credence.CredenceException;
import io.credence.codec.Json;
import io.credence.event.Event;
import io.credence.event.EventParser;
import io.credence.event.EventScanner;
import io.credence.ledger.AppendResult;
import io.credence.ledger.EncodedEvent;
import io.credence.ledger.Ledger;
import io.credence.rulebook.EventType;
import io.credence.rulebook.Rulebook;
import io.credence.time.Instants;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One ingest of JSON Lines, in stages that run at once (decisions 013): this thread reads the input
 * in chunks of whole lines; worker threads, one per core, turn each chunk into stored-form events (a
 * plain line straight from its bytes by {@link EventScanner}, any other line through
 * {@link EventParser}, which also explains a rejected one) and check them against the rulebook; one
 * thread prepares each batch of {@link Engine#INGEST_BATCH} events (grouped, chained, encoded) while
 * another appends the batch before it, one transaction each. Results are taken back in input order,
 * so line numbers, errors and progress are as if one thread did everything. An input of one chunk is
 * done on the calling thread alone.
 */
final class Ingest {
    /** Bytes per parsing chunk (whole lines; a longer line makes its chunk longer). */
    private static final int CHUNK_BYTES = 1 << 20;
    /** Lines per chunk when the input is given as lines. */
    private static final int CHUNK_LINES = 2_000;

    private final Ledger ledger;
    /** The rulebook, perhaps still being compiled when the first lines are read. */
    private final java.util.function.Supplier<Rulebook> rulebook;
    private final Instant now;
    private final long latestNanos;
    private final String onlySource;
    private final Consumer<Collection<String>> touched;
    private final ThreadLocal<EventScanner> scanners = ThreadLocal.withInitial(EventScanner::new);

    Ingest(Ledger ledger, java.util.function.Supplier<Rulebook> rulebook, Instant now, String onlySource,
            Consumer<Collection<String>> touched) {
        this.ledger = ledger;
        this.rulebook = rulebook;
        this.now = now;
        this.latestNanos = Instants.toNanos(now.plus(5, ChronoUnit.MINUTES));
        this.onlySource = onlySource;
        this.touched = touched;
    }

    /** Where chunks of whole lines come from. */
    private interface Chunks {
        /** The next chunk, or null at the end. */
        Chunk next() throws IOException;
    }

    /** Whole lines: either bytes (split here as {@link java.io.BufferedReader#readLine} would) or strings. */
    private record Chunk(byte[] bytes, int length, List<String> lines) {}

    /** A chunk parsed: its events with their lines (counted from 1 in the chunk), its errors, its line count. */
    private record Parsed(List<EncodedEvent> events, int[] lines, List<IngestReport.LineError> errors, int lineCount) {}

    IngestReport run(InputStream in, LongConsumer progress) {
        return run(new Chunks() {
            private byte[] carry = new byte[0];
            private int carried;
            private boolean ended;

            @Override
            public Chunk next() throws IOException {
                if (ended && carried == 0) {
                    return null;
                }
                byte[] buffer = Arrays.copyOf(carry, Math.max(CHUNK_BYTES, carried * 2));
                int length = carried;
                carried = 0;
                while (!ended && length < buffer.length) {
                    int n = in.read(buffer, length, buffer.length - length);
                    if (n < 0) {
                        ended = true;
                    } else {
                        length += n;
                    }
                }
                if (!ended) {
                    // Cut after the last '\n'; the rest starts the next chunk. A line longer than the
                    // buffer makes the next buffer twice as long.
                    int cut = length;
                    while (cut > 0 && buffer[cut - 1] != '\n') {
                        cut--;
                    }
                    if (cut == 0) {
                        carry = buffer;
                        carried = length;
                        return next();
                    }
                    carry = Arrays.copyOfRange(buffer, cut, length);
                    carried = length - cut;
                    length = cut;
                }
                return length == 0 ? null : new Chunk(buffer, length, null);
            }
        }, progress);
    }

    IngestReport run(Iterator<String> lines, LongConsumer progress) {
        return run(() -> {
            if (!lines.hasNext()) {
                return null;
            }
            List<String> chunk = new ArrayList<>(CHUNK_LINES);
            while (lines.hasNext() && chunk.size() < CHUNK_LINES) {
                chunk.add(lines.next());
            }
            return new Chunk(null, 0, chunk);
        }, progress);
    }

    private IngestReport run(Chunks chunks, LongConsumer progress) {
        Chunk first;
        Chunk second;
        try {
            first = chunks.next();
            second = first == null ? null : chunks.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (second == null) {
            // One chunk (a report, a rating, a small HTTP batch): all of it on this thread.
            Batches batches = new Batches(null, null, progress);
            if (first != null) {
                batches.take(parse(first));
            }
            return batches.finish();
        }
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService parsers = Executors.newFixedThreadPool(workers, Threads.daemon("credence-ingest-parse"));
        ExecutorService preparer = Executors.newSingleThreadExecutor(Threads.daemon("credence-ingest-chain"));
        ExecutorService writer = Executors.newSingleThreadExecutor(Threads.daemon("credence-ingest-write"));
        Batches batches = new Batches(preparer, writer, progress);
        ArrayDeque<Future<Parsed>> parsing = new ArrayDeque<>();
        parsing.add(parsers.submit(() -> parse(first)));
        parsing.add(parsers.submit(() -> parse(second)));
        try {
            boolean more = true;
            while (more || !parsing.isEmpty()) {
                // Keep the workers a few chunks ahead, so they go on while batches are written.
                while (more && parsing.size() < 4 * workers) {
                    Chunk chunk = chunks.next();
                    if (chunk == null) {
                        more = false;
                    } else {
                        parsing.add(parsers.submit(() -> parse(chunk)));
                    }
                }
                if (!parsing.isEmpty()) {
                    batches.take(Engine.await(parsing.poll()));
                }
            }
            return batches.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            parsers.shutdownNow();
            preparer.shutdown();
            writer.shutdown();
            batches.cancel();
            try {
                writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Parsed chunks, taken in input order, gathered into batches that are prepared and written in
     * that order; the report's counts and errors, line numbers counted over the whole input.
     */
    private final class Batches {
        private final ExecutorService preparer;
        private final ExecutorService writer;
        private final LongConsumer progress;
        /** Batches sent and not yet counted, oldest first. */
        private final ArrayDeque<InFlight> writing = new ArrayDeque<>();
        private final List<IngestReport.LineError> errors = new ArrayList<>();
        private List<EncodedEvent> batch = new ArrayList<>(Engine.INGEST_BATCH);
        private long[] batchLines = new long[Engine.INGEST_BATCH];
        private long linesBefore;
        private long accepted;
        private long duplicates;

        Batches(ExecutorService preparer, ExecutorService writer, LongConsumer progress) {
            this.preparer = preparer;
            this.writer = writer;
            this.progress = progress;
        }

        void take(Parsed parsed) {
            for (IngestReport.LineError e : parsed.errors()) {
                errors.add(new IngestReport.LineError(linesBefore + e.line(), e.error()));
            }
            int size = batch.size();
            int n = parsed.events().size();
            if (size + n > batchLines.length) {
                batchLines = Arrays.copyOf(batchLines, Math.max(batchLines.length * 2, size + n));
            }
            int[] lines = parsed.lines();
            for (int i = 0; i < n; i++) {
                batchLines[size + i] = linesBefore + lines[i];
            }
            batch.addAll(parsed.events());
            linesBefore += parsed.lineCount();
            if (batch.size() >= Engine.INGEST_BATCH) {
                // At most one batch waits while another is written: memory stays bounded.
                while (writing.size() >= 2) {
                    written();
                }
                send();
                batch = new ArrayList<>(Engine.INGEST_BATCH);
            }
        }

        IngestReport finish() {
            if (!batch.isEmpty()) {
                send();
            }
            while (!writing.isEmpty()) {
                written();
            }
            progress.accept(linesBefore);
            errors.sort(java.util.Comparator.comparingLong(IngestReport.LineError::line));
            return new IngestReport(accepted, duplicates, errors.size(), errors);
        }

        /** Lets no queued batch start once the ingest has returned or failed. */
        void cancel() {
            writing.forEach(f -> f.result().cancel(false));
        }

        private void send() {
            writing.add(new InFlight(write(batch, preparer, writer), Arrays.copyOf(batchLines, batch.size()),
                    linesBefore));
        }

        /** Waits for the oldest batch in flight and counts it. */
        private void written() {
            InFlight oldest = writing.poll();
            AppendResult result = Engine.await(oldest.result());
            accepted += result.accepted();
            duplicates += result.duplicates();
            for (AppendResult.Conflict conflict : result.conflicts()) {
                errors.add(new IngestReport.LineError(oldest.lines()[conflict.index()], "id: " + conflict.message()));
            }
            progress.accept(oldest.lastLine());
        }
    }

    /** A batch being prepared or written: its result to come, each event's line, the input's last line in it. */
    private record InFlight(Future<AppendResult> result, long[] lines, long lastLine) {}

    /** The batch prepared last, which the next is chained after; touched by the preparing thread only. */
    private Ledger.Prepared lastPrepared;

    /**
     * Prepares the batch on the preparing thread (after the batch before it), then appends it on the
     * writing thread: each stage's queue keeps the input order. Without threads, both here and now.
     */
    private Future<AppendResult> write(List<EncodedEvent> batch, ExecutorService preparer, ExecutorService writer) {
        if (writer == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(append(batch, ledger.prepare(batch, null)));
        }
        return java.util.concurrent.CompletableFuture
                .supplyAsync(() -> lastPrepared = ledger.prepare(batch, lastPrepared), preparer)
                .thenApplyAsync(prepared -> append(batch, prepared), writer);
    }

    private AppendResult append(List<EncodedEvent> batch, Ledger.Prepared prepared) {
        AppendResult result = ledger.appendPrepared(prepared);
        if (result.accepted() > 0) {
            touched.accept(prepared.subjects());
        }
        return result;
    }

    /** Splits a chunk into lines and reads each; line numbers here count from 1 within the chunk. */
    private Parsed parse(Chunk chunk) {
        List<EncodedEvent> events = new ArrayList<>();
        List<IngestReport.LineError> errors = new ArrayList<>();
        int[] lines = new int[64];
        int count = 0;
        EventScanner scanner = scanners.get();
        EncodedEvent previous = null;
        if (chunk.lines() != null) {
            for (String line : chunk.lines()) {
                count++;
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                EncodedEvent event = read(scanner, bytes, 0, bytes.length, line, previous, count, errors);
                if (event != null) {
                    lines = add(lines, events.size(), count);
                    events.add(event);
                    previous = event;
                }
            }
        } else {
            byte[] b = chunk.bytes();
            int n = chunk.length();
            int start = 0;
            while (start < n) {
                int i = lineEnd(b, start, n);
                count++;
                EncodedEvent event = read(scanner, b, start, i, null, previous, count, errors);
                if (event != null) {
                    lines = add(lines, events.size(), count);
                    events.add(event);
                    previous = event;
                }
                start = i < n && b[i] == '\r' && i + 1 < n && b[i + 1] == '\n' ? i + 2 : i + 1;
            }
        }
        return new Parsed(events, Arrays.copyOf(lines, events.size()), errors, count);
    }

    /** Where the line starting at {@code from} ends: its first '\n' or '\r', or {@code n}. */
    private static int lineEnd(byte[] b, int from, int n) {
        int i = from;
        while (i < n) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                return i;
            }
            i++;
        }
        return n;
    }

    private static int[] add(int[] lines, int index, int line) {
        int[] out = index < lines.length ? lines : Arrays.copyOf(lines, lines.length * 2);
        out[index] = line;
        return out;
    }

    /** One line: its stored form, or null when it is blank or rejected (the rejection added to errors). */
    private EncodedEvent read(EventScanner scanner, byte[] bytes, int from, int to, String text,
            EncodedEvent previous, int number, List<IngestReport.LineError> errors) {
        if (scanner.scan(bytes, from, to, latestNanos)) {
            EncodedEvent event = EncodedEvent.scanned(scanner, previous);
            Rulebook rules = rulebook.get();
            EventType type = rules.type(event.type());
            if (type != null && type.sources().contains(event.source())
                    && (onlySource == null || onlySource.equals(event.source()))) {
                if (!type.needsData()) {
                    return event;
                }
                try {
                    rules.admit(scanner.event(event.subject(), event.source(), event.type()));
                    return event;
                } catch (CredenceException e) {
                    // explained below, by the path that explains everything
                }
            }
        }
        // Anything else, valid or not, the general way: it gives every rejection its reasons.
        String line = text != null ? text : new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (line.isBlank()) {
            return null;
        }
        try {
            Event event = EventParser.parse(Json.fastObject(line), now);
            if (onlySource != null && !onlySource.equals(event.source())) {
                throw new BadInputException("source", "this key reports for source \"" + onlySource
                        + "\" only; got \"" + event.source() + "\"");
            }
            rulebook.get().admit(event);
            return EncodedEvent.of(event);
        } catch (CredenceException e) {
            errors.add(new IngestReport.LineError(number, e.getMessage()));
            return null;
        }
    }
}
