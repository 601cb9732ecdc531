package io.backstop.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backstop.status.ListedRun;
import io.backstop.status.StatusReport;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The daemon's {@code /api/backups}, {@code /api/status} and {@code /health} over loopback, read with the JDK's HTTP
 * client and plain Jackson: nothing of the application context, which is what makes {@link DaemonShortcut} fast. When
 * no daemon answers, {@link NoAnswer} lets the full CLI path decide what to do, with its complete configuration.
 */
final class LoopbackReader implements RunsAndStatus, Reading, HealthSource {
    private static final int CONNECT_MILLIS = 2_000;
    private static final int READ_MILLIS = 60_000;

    /** No daemon answered this port: the full path takes over. */
    static final class NoAnswer extends RuntimeException {
        NoAnswer(String why) {
            super(why, null, false, false);
        }
    }

    private final int port;
    private final @Nullable String apiKey;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    LoopbackReader(int port, @Nullable String apiKey) {
        this.port = port;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    @Override
    public RunsAndStatus source() {
        return this;
    }

    @Override
    public String json(Object value) throws IOException {
        return mapper.writeValueAsString(value);
    }

    @Override
    public List<ListedRun> list(@Nullable String target, int limit) throws CliFailure {
        String query = "?limit=" + limit + (target == null ? "" : "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        return get("/api/backups" + query, new TypeReference<>() { });
    }

    @Override
    public StatusReport status() throws CliFailure {
        return get("/api/status", new TypeReference<>() { });
    }

    @Override
    public StatusReport.Offsite offsite() throws CliFailure {
        return get("/api/status/offsite", new TypeReference<>() { });
    }

    /** The daemon's {@code /health}: any answer counts as answered (503 carries the reasons). */
    @Override
    @SuppressWarnings("unchecked")
    public DaemonClient.Health health() {
        Answer answer = ask("/health");
        try (InputStream body = answer.body()) {
            return new DaemonClient.Health(true, answer.status() == 200, (Map<String, Object>) jsonObject(body), "");
        } catch (IOException e) {
            return new DaemonClient.Health(true, false, Map.of(), "cannot read the daemon's /health: " + e.getMessage());
        }
    }

    private <T> T get(String path, TypeReference<T> type) throws CliFailure {
        Answer answer = ask(path);
        try (InputStream body = answer.body()) {
            if (answer.status() == 204) {
                return null;
            }
            if (answer.status() < 300) {
                return mapper.readValue(body, type);
            }
            throw DaemonErrors.failure(answer.status(), DaemonErrors.message(jsonObject(body), answer.statusLine()));
        } catch (IOException e) {
            throw new CliFailure("cannot read the daemon's answer to " + path + ": " + e.getMessage(), CliFailure.FAILED);
        }
    }

    /** @param body the answer's body, or its error body; null when there is none */
    private record Answer(int status, String statusLine, @Nullable InputStream body) {
    }

    /** The daemon's answer to a GET, else {@link NoAnswer}. */
    private Answer ask(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            connection.setConnectTimeout(CONNECT_MILLIS);
            connection.setReadTimeout(READ_MILLIS);
            connection.setRequestProperty("Accept", "application/json"); // the JDK's default asks for an HTML error page
            if (apiKey != null) {
                connection.setRequestProperty("X-API-Key", apiKey);
            }
            int status = connection.getResponseCode();
            return new Answer(status, status + " " + connection.getResponseMessage(),
                    status < 300 ? connection.getInputStream() : connection.getErrorStream());
        } catch (IOException unreachable) {
            throw new NoAnswer("no daemon answers on port " + port + ": " + unreachable.getMessage());
        }
    }

    private Map<?, ?> jsonObject(@Nullable InputStream body) {
        if (body == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(body, Map.class);
        } catch (IOException | RuntimeException notJson) {
            return Map.of();
        }
    }
}
