package org.chatdissect.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's progress: one line per finished step with the elapsed time, and on a terminal only, a line redrawn
 * while a step runs (so piped output stays one line per step).
 */
final class DemoProgress implements AutoCloseable {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final long t0 = System.nanoTime();
    private final int steps;
    private int step;
    private Thread ticker;

    DemoProgress(PrintWriter out, PrintWriter err, boolean terminal, int steps) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.steps = steps;
    }

    /** Starts step {@code what}; returns the step's start time for {@link #done}. */
    long start(String what) {
        step++;
        stopTicker();
        long s = System.nanoTime();
        if (terminal) {
            String label = String.format(Locale.ROOT, "[%d/%d] %s", step, steps, what);
            ticker = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        int width = 20;
                        int filled = (int) Math.min(width, (System.nanoTime() - s) / 1_000_000_000L % (width + 1));
                        err.printf(Locale.ROOT, "\r%s [%s%s] %.0f s ", label, "#".repeat(filled), " ".repeat(width - filled),
                                (System.nanoTime() - s) / 1e9);
                        err.flush();
                        Thread.sleep(250);
                    }
                } catch (InterruptedException e) {
                    // step finished
                }
                err.print("\r\033[K");
                err.flush();
            }, "demo-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
        return s;
    }

    void done(long started, String what) {
        stopTicker();
        out.printf(Locale.ROOT, "[%d/%d %6.1f s] %s (%.1f s)%n", step, steps, (System.nanoTime() - t0) / 1e9, what,
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
    }

    @Override
    public void close() {
        stopTicker();
    }
}
