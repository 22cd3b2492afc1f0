package org.chatdissect.datasets.sim;

import java.util.List;

/** A simulated application on one device, as the scenario drivers see it. */
public interface AppSession {
    /** Starts the app (login, persistent connections); returns the time it is ready. */
    long start(long t);

    /** Names of the tasks a user can trigger, in catalogue order. */
    List<String> userTasks();

    /** Runs one user task; returns {start, end} in µs. */
    long[] run(String task, long t);

    /** Stops the app; returns the time its last packet passes the tap. */
    long stop(long t);

    /** The service a user task belongs to (Table IV of the paper), for the manifest's service column. */
    default String serviceOf(String task) {
        return "";
    }
}
