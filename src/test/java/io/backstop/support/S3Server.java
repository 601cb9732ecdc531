package io.backstop.support;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * A real S3-compatible server on loopback (s3proxy over an in-memory jclouds store), with V4 signatures.
 * It can be stopped and started again on the same port with its objects kept, and a hook sees every call
 * the server makes to its store, so a test can fail or stop it in the middle of an upload.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "backstop-test-access";
    public static final String SECRET_KEY = "s3cr3t-Very-Private-Key-0123456789";

    private final BlobStoreContext context;
    private final BlobStore store;
    private final int port;
    private volatile BiConsumer<String, Object[]> hook = (method, args) -> { };
    private volatile boolean strictHeaders;
    private S3Proxy proxy;

    public S3Server() throws Exception {
        this(freePort());
    }

    public S3Server(int port) throws Exception {
        this.port = port;
        Properties overrides = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials("ignored", "ignored").overrides(overrides)
                .build(BlobStoreContext.class);
        BlobStore real = context.getBlobStore();
        InvocationHandler handler = (p, method, args) -> {
            hook.accept(method.getName(), args);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        store = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[]{BlobStore.class}, handler);
        start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public synchronized void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(!strictHeaders).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    public synchronized void stop() throws Exception {
        proxy.stop();
    }

    /**
     * s3proxy implements no server-side encryption: by default it accepts and ignores the SSE headers, as
     * AWS accepts them; strict, it answers 501 to them as MinIO without a KMS does. Takes effect on start.
     */
    public void strictHeaders(boolean strict) {
        this.strictHeaders = strict;
    }

    /** Called with the store method's name and arguments before each call; may throw to fail the request. */
    public void onStoreCall(BiConsumer<String, Object[]> hook) {
        this.hook = hook;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }
}
