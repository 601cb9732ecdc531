package io.backstop.metrics;

import io.backstop.support.Daemons;
import io.backstop.support.PackagedJar;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped alert rules pass promtool's check and their unit tests; a real Prometheus (Debian's package, which CI
 * installs) scrapes a running daemon, loads the rules, and answers PromQL for the target's backup age and for every
 * query of the Grafana dashboard.
 */
class PrometheusTest {
    static final Path ALERTS = Path.of("docker/prometheus/alerts.yml").toAbsolutePath();
    static final Path DASHBOARD = Path.of("docker/grafana/backstop-dashboard.json").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void theAlertRulesAreValidAndTheirUnitTestsPass() throws Exception {
        assertEquals(0, run(tmp, tool("promtool"), "check", "rules", ALERTS.toString()));
        assertEquals(0, run(ALERTS.getParent(), tool("promtool"), "test", "rules", "alerts.test.yml"));
    }

    @Test
    void aRealPrometheusScrapesTheDaemon() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        int daemonPort = PackagedJar.freePort();
        config.put("micronaut.server.port", daemonPort);
        int prometheusPort = PackagedJar.freePort();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test")) {
            Daemons.backUp(server.getApplicationContext(), "app");
            Path prometheusConfig = Files.writeString(tmp.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: ['%s']
                    scrape_configs:
                      - job_name: backstop
                        metrics_path: /prometheus
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(ALERTS, daemonPort));
            Process prometheus = new ProcessBuilder(tool("prometheus"), "--config.file=" + prometheusConfig,
                    "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            try {
                String age = "";
                for (int i = 0; i < 300 && !age.contains("\"result\":[{"); i++) {
                    Thread.sleep(100);
                    age = query(prometheusPort, "backstop_backup_age_seconds{target=\"app\"}");
                }
                Matcher value = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"]").matcher(age);
                assertTrue(value.find(), "Prometheus has the age of app's backup: " + age + "\n" + Files.readString(tmp.resolve("prometheus.log")));
                double seconds = Double.parseDouble(value.group(1));
                assertTrue(seconds >= 0 && seconds < 120, "age " + seconds);

                String rules = get(prometheusPort, "/api/v1/rules");
                assertTrue(rules.contains("BackstopBackupStale") && rules.contains("\"health\":\"ok\""), rules);
                for (String expr : dashboardQueries()) {
                    String answer = query(prometheusPort, expr.replace("$target", ".*"));
                    assertTrue(answer.contains("\"status\":\"success\""), "dashboard query " + expr + ": " + answer);
                }
            } finally {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> dashboardQueries() throws Exception {
        Matcher m = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1).replace("\\\"", "\""));
        }
        assertTrue(queries.size() >= 7, "the dashboard's queries: " + queries);
        return queries;
    }

    private static String query(int port, String promql) throws Exception {
        return get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static String get(int port, String path) throws Exception {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException notUpYet) {
            return "";
        }
    }

    /** CI installs Debian's prometheus package; without it this test fails, it does not skip. */
    static String tool(String name) {
        Path path = Path.of("/usr/bin", name);
        assertTrue(Files.isExecutable(path), name + " is needed (Debian: apt-get install prometheus)");
        return path.toString();
    }

    private int run(Path dir, String... command) throws Exception {
        Path output = Files.createTempFile(tmp, "tool", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ":\n" + Files.readString(output));
        }
        return p.exitValue();
    }
}
