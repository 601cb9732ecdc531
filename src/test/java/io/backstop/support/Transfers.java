package io.backstop.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer that moves money between {@code accounts(id, balance)} rows and logs each move in
 * {@code ledger(src, dst, amount)}, one transaction per transfer, until stopped: the total never changes, so a consistent
 * backup taken meanwhile keeps it too.
 */
public final class Transfers implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong committed = new AtomicLong();
    private final Thread writer;

    public Transfers(Callable<Connection> connect, int accounts) {
        writer = new Thread(() -> {
            try (Connection c = connect.call();
                 PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                 PreparedStatement credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
                 PreparedStatement log = c.prepareStatement("INSERT INTO ledger (src, dst, amount) VALUES (?, ?, ?)")) {
                c.setAutoCommit(false);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int from = 1 + random.nextInt(accounts);
                    int to = 1 + random.nextInt(accounts);
                    long amount = 1 + random.nextInt(50);
                    debit.setLong(1, amount);
                    debit.setInt(2, from);
                    debit.executeUpdate();
                    credit.setLong(1, amount);
                    credit.setInt(2, to);
                    credit.executeUpdate();
                    log.setInt(1, from);
                    log.setInt(2, to);
                    log.setLong(3, amount);
                    log.executeUpdate();
                    c.commit();
                    committed.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "transfers");
        writer.start();
    }

    /** Stops the writer and returns how many transfers it committed. */
    public long stop() throws InterruptedException {
        stop.set(true);
        writer.join();
        return committed.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
