package io.backstop.api;

import io.backstop.config.BackstopConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyGuardTest {
    static InetSocketAddress from(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void withoutAKeyOnlyLoopbackMayTrigger() throws Exception {
        ApiKeyGuard guard = new ApiKeyGuard(new BackstopConfig());
        assertEquals(Optional.empty(), guard.check(null, from("127.0.0.1")));
        assertEquals(Optional.empty(), guard.check(null, from("::1")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.NOT_LOOPBACK), guard.check(null, from("192.0.2.10")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.NOT_LOOPBACK), guard.check("anything", from("10.1.2.3")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.NOT_LOOPBACK), guard.check(null, null));
    }

    @Test
    void withAKeyEveryCallerNeedsIt() throws Exception {
        BackstopConfig config = new BackstopConfig();
        config.setApiKey("s3cret");
        ApiKeyGuard guard = new ApiKeyGuard(config);
        assertEquals(Optional.empty(), guard.check("s3cret", from("192.0.2.10")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.BAD_KEY), guard.check(null, from("127.0.0.1")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.BAD_KEY), guard.check("s3cre", from("127.0.0.1")));
        assertEquals(Optional.of(ApiKeyGuard.Refusal.BAD_KEY), guard.check("S3CRET", from("127.0.0.1")));
    }

    @Test
    void metricsAreForLoopbackTheKeyOrEveryoneWhenPublic() throws Exception {
        BackstopConfig config = new BackstopConfig();
        config.setApiKey("s3cret");
        MetricsAccessFilter closed = new MetricsAccessFilter(new ApiKeyGuard(config), config);
        assertTrue(closed.allows(null, from("127.0.0.1")), "loopback needs no key");
        assertTrue(closed.allows("s3cret", from("192.0.2.10")));
        assertFalse(closed.allows(null, from("192.0.2.10")));
        assertFalse(closed.allows("wrong", from("192.0.2.10")));
        assertFalse(new MetricsAccessFilter(new ApiKeyGuard(new BackstopConfig()), new BackstopConfig()).allows(null, from("192.0.2.10")),
                "without a key, only loopback");
        config.setMetricsPublic(true);
        assertTrue(new MetricsAccessFilter(new ApiKeyGuard(config), config).allows(null, from("192.0.2.10")),
                "BACKUP_METRICS_PUBLIC=true opens it");
    }
}
