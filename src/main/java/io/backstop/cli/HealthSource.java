package io.backstop.cli;

/** Whatever asks the running daemon's {@code /health}: {@link DaemonClient}, or {@link LoopbackReader} without a context. */
interface HealthSource {

    DaemonClient.Health health();
}
