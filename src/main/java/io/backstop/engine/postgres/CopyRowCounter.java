package io.backstop.engine.postgres;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes plain-format SQL through while counting the rows of each {@code COPY <table> (...) FROM stdin;} block (one line
 * per row up to the {@code \.} line), keyed by the table as pg_dump names it ({@code public.accounts}), and keeping the
 * last bytes so the caller can check pg_dump's closing comment. Data lines are not buffered, only the start of each line.
 */
final class CopyRowCounter extends FilterOutputStream {
    private static final int HEADER_LIMIT = 1 << 20;
    private static final int TAIL = 256;
    private static final String COPY = "COPY ";
    private static final String FROM_STDIN = " FROM stdin;";

    private final Map<String, Long> rows = new LinkedHashMap<>();
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineOverflow;
    private String copying;
    private final byte[] tail = new byte[TAIL];
    private long count;

    CopyRowCounter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                endOfLine();
            } else if (copying == null || lineLength < 2) {
                append(b[i]);
            } else {
                lineLength++; // a data row: only its length matters, it cannot be "\."
            }
        }
        keepTail(b, off, len);
    }

    private void append(byte value) {
        if (lineLength == line.length) {
            if (line.length >= HEADER_LIMIT) {
                lineOverflow = true;
                return;
            }
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = value;
    }

    private void endOfLine() {
        if (copying != null) {
            if (lineLength == 2 && line[0] == '\\' && line[1] == '.') {
                rows.putIfAbsent(copying, 0L);
                copying = null;
            } else {
                rows.merge(copying, 1L, Long::sum);
            }
        } else if (!lineOverflow && lineLength > COPY.length()) {
            String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            if (text.startsWith(COPY) && text.endsWith(FROM_STDIN)) {
                String rest = text.substring(COPY.length(), text.length() - FROM_STDIN.length());
                int columns = rest.indexOf(" (");
                copying = columns < 0 ? rest : rest.substring(0, columns);
            }
        }
        lineLength = 0;
        lineOverflow = false;
    }

    private void keepTail(byte[] b, int off, int len) {
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
        } else {
            System.arraycopy(tail, len, tail, 0, TAIL - len);
            System.arraycopy(b, off, tail, TAIL - len, len);
        }
        count += len;
    }

    /** Rows per table; tables whose COPY block is empty have 0. */
    Map<String, Long> rows() {
        return rows;
    }

    long bytes() {
        return count;
    }

    /** The last bytes written, as text. */
    String tail() {
        int n = (int) Math.min(TAIL, count);
        return new String(tail, TAIL - n, n, StandardCharsets.UTF_8);
    }
}
