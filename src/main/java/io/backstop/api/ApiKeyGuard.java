package io.backstop.api;

import io.backstop.config.BackstopConfig;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may trigger runs: with {@code BACKUP_API_KEY} set, whoever presents it (compared in constant time);
 * without one, only callers on the loopback interface.
 */
@Singleton
public class ApiKeyGuard {
    private final byte[] expectedDigest;

    public ApiKeyGuard(BackstopConfig config) {
        this.expectedDigest = config.hasApiKey() ? sha256(config.getApiKey()) : null;
    }

    /** Empty when allowed, else why not. */
    public Optional<Refusal> check(@Nullable String presentedKey, @Nullable InetSocketAddress caller) {
        if (expectedDigest != null) {
            return validKey(presentedKey) ? Optional.empty() : Optional.of(Refusal.BAD_KEY);
        }
        return fromLoopback(caller) ? Optional.empty() : Optional.of(Refusal.NOT_LOOPBACK);
    }

    /** A key is set and this is it. */
    public boolean validKey(@Nullable String presentedKey) {
        // Comparing digests keeps the comparison constant-time even for keys of different lengths.
        return expectedDigest != null && presentedKey != null && MessageDigest.isEqual(expectedDigest, sha256(presentedKey));
    }

    public static boolean fromLoopback(@Nullable InetSocketAddress caller) {
        InetAddress address = caller == null ? null : caller.getAddress();
        return address != null && address.isLoopbackAddress();
    }

    public enum Refusal {
        BAD_KEY("missing or wrong X-API-Key"),
        NOT_LOOPBACK("no BACKUP_API_KEY is set, so runs can only be triggered from loopback");

        public final String message;

        Refusal(String message) {
            this.message = message;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
