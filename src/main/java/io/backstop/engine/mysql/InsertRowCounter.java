package io.backstop.engine.mysql;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the rows of each table in a mysqldump stream as it passes: every {@code INSERT INTO `t` VALUES (...),(...);}
 * statement (on one line, or a row per line as MariaDB writes it) adds its top-level tuples to {@code t}. Quotes and backslash escapes inside values are followed, so a
 * parenthesis in a string is not a row. Fed the same bytes at backup time and at verification, it gives the counts
 * both compare. One pass, constant memory.
 */
final class InsertRowCounter extends FilterOutputStream {
    private static final byte[] INSERT = "INSERT INTO `".getBytes(StandardCharsets.US_ASCII);

    private enum State { LINE_START, PREFIX, TABLE, BEFORE_VALUES, VALUES, IN_STRING, ESCAPED, SKIP_LINE }

    private final Map<String, long[]> rows = new LinkedHashMap<>();
    private final StringBuilder table = new StringBuilder();
    private State state = State.LINE_START;
    private int matched;
    private int depth;
    private byte quote;
    private long[] current;

    /** @param next where the bytes go on to; {@code OutputStream.nullOutputStream()} to only count */
    InsertRowCounter(OutputStream next) {
        super(next);
    }

    /** Rows per table seen so far; tables created without INSERTs are not listed. */
    Map<String, Long> rows() {
        Map<String, Long> counted = new LinkedHashMap<>();
        rows.forEach((name, count) -> counted.put(name, count[0]));
        return Map.copyOf(counted);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        step((byte) b);
    }

    /** The states most bytes are in (inside a string, the rest of a line) are scanned in tight loops. */
    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == State.IN_STRING) {
                while (i < end && state == State.IN_STRING) {
                    byte b = bytes[i++];
                    if (b == '\\') {
                        state = State.ESCAPED;
                    } else if (b == quote) {
                        state = State.VALUES;
                    }
                }
            } else if (state == State.SKIP_LINE) {
                while (i < end && bytes[i] != '\n') {
                    i++;
                }
                if (i < end) {
                    i++;
                    state = State.LINE_START;
                    matched = 0;
                }
            } else if (state == State.VALUES) {
                while (i < end && state == State.VALUES) {
                    values(bytes[i++]);
                }
            } else {
                step(bytes[i++]);
            }
        }
    }

    private void step(byte b) {
        switch (state) {
            case LINE_START, PREFIX -> {
                if (b == INSERT[matched]) {
                    matched++;
                    state = matched == INSERT.length ? State.TABLE : State.PREFIX;
                    if (state == State.TABLE) {
                        table.setLength(0);
                    }
                } else {
                    state = b == '\n' ? State.LINE_START : State.SKIP_LINE;
                    matched = 0;
                }
            }
            case TABLE -> {
                if (b == '`') {
                    current = rows.computeIfAbsent(table.toString(), name -> new long[1]);
                    state = State.BEFORE_VALUES;
                } else {
                    table.append((char) (b & 0xff));
                }
            }
            case BEFORE_VALUES -> {
                if (b == '(') {
                    depth = 1;
                    current[0]++;
                    state = State.VALUES;
                }
            }
            case VALUES -> values(b);
            case IN_STRING -> {
                if (b == '\\') {
                    state = State.ESCAPED;
                } else if (b == quote) {
                    state = State.VALUES;
                }
            }
            case ESCAPED -> state = State.IN_STRING;
            case SKIP_LINE -> {
                if (b == '\n') {
                    state = State.LINE_START;
                    matched = 0;
                }
            }
        }
    }

    private void values(byte b) {
        if (b == '\'' || b == '"') {
            quote = b;
            state = State.IN_STRING;
        } else if (b == '(') {
            if (depth++ == 0) {
                current[0]++;
            }
        } else if (b == ')') {
            depth--;
        } else if (b == ';' && depth == 0) {
            state = State.SKIP_LINE; // the statement ends; MariaDB's dump puts each row on a line of its own before it
        }
    }
}
