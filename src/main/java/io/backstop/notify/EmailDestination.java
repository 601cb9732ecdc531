package io.backstop.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Email through an SMTP server: {@code smtp://user@host:587?to=a@x,b@y&from=backstop@x&starttls=true}, or
 * {@code smtps://} for TLS from the first byte. The password comes from {@code NOTIFY_SMTP_PASSWORD_FILE}, read at
 * each send, never from the URL.
 */
final class EmailDestination implements Destination {
    private static final String TIMEOUT_MILLIS = "10000";

    private final URI uri;
    private final Map<String, String> query;
    private final String passwordFile;

    EmailDestination(URI uri, String passwordFile) {
        this.uri = uri;
        this.query = query(uri);
        this.passwordFile = passwordFile;
    }

    /** What is wrong with the address, or null. */
    static String problem(URI uri) {
        Map<String, String> query = query(uri);
        if (uri.getHost() == null) {
            return "an smtp:// address needs a host";
        }
        if (query.getOrDefault("to", "").isBlank()) {
            return "an smtp:// address needs ?to=someone@example.com";
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            return "put the SMTP password in NOTIFY_SMTP_PASSWORD_FILE, not in the address";
        }
        return null;
    }

    @Override
    public void send(Notification n) throws Exception {
        boolean implicitTls = uri.getScheme().equals("smtps");
        String protocol = implicitTls ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", uri.getHost());
        props.put("mail." + protocol + ".port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : implicitTls ? 465 : 25));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        if (Boolean.parseBoolean(query.getOrDefault("starttls", "false"))) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        String user = uri.getUserInfo();
        Authenticator authenticator = null;
        if (user != null && !user.isBlank()) {
            props.put("mail." + protocol + ".auth", "true");
            String password = passwordFile == null || passwordFile.isBlank() ? "" : Files.readString(Path.of(passwordFile)).strip();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        Session session = Session.getInstance(props, authenticator);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(query.getOrDefault("from", "backstop@" + n.host())));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(query.get("to")));
        message.setSubject(n.message().length() > 150 ? n.message().substring(0, 150) + "…" : n.message(), "UTF-8");
        message.setText(body(n), "UTF-8");
        Transport.send(message);
    }

    private static String body(Notification n) {
        StringBuilder text = new StringBuilder(n.message()).append("\n\n");
        text.append("event:    ").append(n.event()).append('\n');
        text.append("target:   ").append(n.target()).append('\n');
        text.append("status:   ").append(n.status()).append('\n');
        if (n.run() != null) {
            text.append("run:      ").append(n.run()).append('\n');
        }
        if (n.cause() != null) {
            text.append("cause:    ").append(n.cause()).append('\n');
        }
        if (n.files() != null) {
            text.append("files:    ").append(n.files()).append('\n');
        }
        if (n.bytes() != null) {
            text.append("bytes:    ").append(n.bytes()).append('\n');
        }
        if (n.finishedAt() != null) {
            text.append("finished: ").append(n.finishedAt()).append('\n');
        }
        text.append("host:     ").append(n.host()).append('\n');
        return text.toString();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public String describe() {
        return "email via " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
