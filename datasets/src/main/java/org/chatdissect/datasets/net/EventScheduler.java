package org.chatdissect.datasets.net;

import java.util.PriorityQueue;

/**
 * Timed events in time order, ties broken by insertion so runs are reproducible. Sessions schedule their
 * next step only when the current one runs, so the queue holds a few events per live session, not a
 * whole trace.
 */
public final class EventScheduler {
    private record Event(long time, long seq, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;
    private long now;

    public void at(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), seq++, action));
    }

    public long now() {
        return now;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Runs events until the queue empties or {@code stop} says so; {@code beforeEach} sees each event time first. */
    public void run(java.util.function.LongConsumer beforeEach, java.util.function.BooleanSupplier stop) {
        while (!queue.isEmpty() && !stop.getAsBoolean()) {
            Event e = queue.poll();
            now = e.time;
            beforeEach.accept(now);
            e.action.run();
        }
    }
}
