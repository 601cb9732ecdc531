package io.backstop.cli;

import java.io.IOException;

/**
 * Where {@code list} and {@code status} get their data and how they print it as JSON: through the application context
 * ({@link ContextReading}), or straight from a running daemon without one ({@link LoopbackReader}).
 */
interface Reading {

    RunsAndStatus source();

    String json(Object value) throws IOException;
}
