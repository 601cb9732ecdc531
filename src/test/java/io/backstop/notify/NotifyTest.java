package io.backstop.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.LogCapture;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications against real receivers on loopback: an HTTP server recording the webhook, Slack and ping requests, and
 * GreenMail as the SMTP server. A failure, a second failure and a success give exactly one failure and one recovery; a
 * destination that hangs and then fails delays no run and is retried a bounded number of times; no token reaches a log.
 */
class NotifyTest {
    static final String TOKEN = "T0KEN-s3cret";

    @TempDir
    Path tmp;
    HttpServer receiver;
    GreenMail mail;
    final Queue<String> requests = new ConcurrentLinkedQueue<>();
    final Queue<String> hookBodies = new ConcurrentLinkedQueue<>();
    final Queue<String> slackBodies = new ConcurrentLinkedQueue<>();
    final CountDownLatch releaseTheHangingDestination = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(path);
            if (path.startsWith("/hook")) {
                hookBodies.add(body);
            } else if (path.startsWith("/slack")) {
                slackBodies.add(body);
            } else if (path.startsWith("/down")) {
                try {
                    releaseTheHangingDestination.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        mail.setUser("backstop@example.com", "mailer", "smtp-pw");
    }

    @AfterEach
    void stop() {
        releaseTheHangingDestination.countDown();
        receiver.stop(0);
        mail.stop();
    }

    @Test
    void aFailureAndARecoveryReachEveryDestinationOnceEach() throws Exception {
        String http = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("backstop.notify.urls", List.of(http + "/down/" + TOKEN, http + "/hook?token=" + TOKEN,
                "slack:" + http + "/slack/" + TOKEN,
                "smtp://mailer@127.0.0.1:" + mail.getSmtp().getPort() + "?to=ops@example.com&from=backstop@example.com"));
        config.put("backstop.notify.smtp-password-file", Files.writeString(tmp.resolve("smtp-password"), "smtp-pw").toString());
        config.put("backstop.notify.ping-url", http + "/ping/" + TOKEN);
        config.put("backstop.notify.retry-base", "100ms");
        config.put("backstop.notify.attempts", "3");
        try (LogCapture log = new LogCapture(); ApplicationContext ctx = Daemons.start(config)) {
            assertEquals(RunStatus.SUCCEEDED, run(ctx).status());
            breakDatabase();
            BackupRun failed = run(ctx);
            assertEquals(RunStatus.FAILED, failed.status());
            // the run has ended although the first destination still hangs on its first attempt
            assertFalse(requests.stream().anyMatch(p -> p.startsWith("/hook")), "nothing sent past the hanging destination yet");
            assertEquals(RunStatus.FAILED, run(ctx).status());
            repairDatabase();
            assertEquals(RunStatus.SUCCEEDED, run(ctx).status());
            releaseTheHangingDestination.countDown();

            await(() -> hookBodies.size() >= 2 && slackBodies.size() >= 2 && mail.getReceivedMessages().length >= 2
                    && count("/down/") >= 6 && count("/ping/" + TOKEN) >= 4, "every notification delivered: " + requests);
            Thread.sleep(500); // nothing more arrives
            List<String> hooks = List.copyOf(hookBodies);
            assertEquals(2, hooks.size(), hooks.toString());
            assertTrue(hooks.get(0).contains("\"event\":\"failure\"") && hooks.get(0).contains("\"target\":\"app\"")
                    && hooks.get(0).contains("\"run\":" + failed.id()) && hooks.get(0).contains("not a database"), hooks.get(0));
            assertTrue(hooks.get(1).contains("\"event\":\"recovery\"") && hooks.get(1).contains("\"status\":\"SUCCEEDED\""), hooks.get(1));
            List<String> slack = List.copyOf(slackBodies);
            assertEquals(2, slack.size());
            assertTrue(slack.get(0).contains("\"text\":\"Backstop on ") && slack.get(0).contains("backup of app FAILED"), slack.get(0));
            MimeMessage[] emails = mail.getReceivedMessages();
            assertEquals(2, emails.length);
            assertTrue(emails[0].getSubject().contains("backup of app FAILED"), emails[0].getSubject());
            assertTrue(emails[1].getSubject().contains("succeeded again"), emails[1].getSubject());
            assertEquals("ops@example.com", emails[0].getAllRecipients()[0].toString());
            assertEquals(6, count("/down/"), "two notifications, three attempts each, then given up");
            assertEquals(4, count("/ping/" + TOKEN + "/start"));
            assertEquals(2, count("/ping/" + TOKEN + "/fail"));
            assertEquals(2, requests.stream().filter(p -> p.equals("/ping/" + TOKEN)).count());

            List<String> lines = log.lines();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN") && l.contains("given up")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains(TOKEN) || l.contains("smtp-pw")),
                    "no token or password in the log: " + lines.stream().filter(l -> l.contains(TOKEN)).toList());
        }
    }

    @Test
    void badAddressesAreRefusedAtStartNamingTheKeyButNotTheToken() {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("backstop.sqlite-path", tmp.resolve("x.db").toString()));
        config.put("backstop.notify.urls", List.of("ftp://files.example.com/" + TOKEN, "smtp://mail.example.com?from=a@b",
                "smtp://user:" + TOKEN + "@mail.example.com?to=a@b"));
        config.put("backstop.notify.on", "failure,everything");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Daemons.start(config).close());
        String message = rootMessage(e);
        assertTrue(message.contains("NOTIFY_URLS (backstop.notify.urls): ftp://files.example.com/***: unknown kind of address"), message);
        assertTrue(message.contains("smtp://mail.example.com/***: an smtp:// address needs ?to="), message);
        assertTrue(message.contains("put the SMTP password in NOTIFY_SMTP_PASSWORD_FILE"), message);
        assertTrue(message.contains("NOTIFY_ON (backstop.notify.on): unknown event 'everything'"), message);
        assertFalse(message.contains(TOKEN), message);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private long count(String prefix) {
        return requests.stream().filter(p -> p.startsWith(prefix)).count();
    }

    private BackupRun run(ApplicationContext ctx) throws Exception {
        return ctx.getBean(RunCoordinator.class).runNow(ctx.getBean(Targets.class).find("app").orElseThrow(), Trigger.CLI);
    }

    private void breakDatabase() throws Exception {
        deleteDatabase();
        Files.writeString(tmp.resolve("app.db"), "not a database ".repeat(100));
    }

    private void repairDatabase() throws Exception {
        deleteDatabase();
        SqliteFixture.create(tmp.resolve("app.db"), "WAL", 10);
    }

    private void deleteDatabase() throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(tmp.resolve("app.db" + suffix));
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
