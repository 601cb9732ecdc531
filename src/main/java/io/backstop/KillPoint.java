package io.backstop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named moments of a run at which the crash test kills the daemon with SIGKILL. Inert unless the JVM is started with
 * {@code -Dbackstop.kill-point=NAME[:N]}: then the N-th time (default 1st) the run reaches NAME, the process prints
 * {@code KILL-POINT NAME} and stops there, for the test to kill it.
 */
public final class KillPoint {
    private static final String SETTING = System.getProperty("backstop.kill-point", "");
    private static final AtomicInteger REACHED = new AtomicInteger();

    private KillPoint() {
    }

    public static void reached(String name) {
        if (SETTING.isEmpty() || !SETTING.split(":")[0].equals(name)) {
            return;
        }
        int wanted = SETTING.contains(":") ? Integer.parseInt(SETTING.split(":")[1]) : 1;
        if (REACHED.incrementAndGet() != wanted) {
            return;
        }
        System.out.println("KILL-POINT " + SETTING);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // hold still until killed; an interrupt is not a kill
            }
        }
    }
}
