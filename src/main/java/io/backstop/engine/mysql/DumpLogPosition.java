package io.backstop.engine.mysql;

import io.backstop.storage.LogPosition;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passes a dump through and reads the binlog position that {@code --master-data=2} / {@code --source-data=2} writes as
 * a comment near its start, and the GTID position that MariaDB's {@code --gtid} writes near its end. The time the
 * first bytes arrive is no earlier than the dump's snapshot, so it is recorded as the time the dump is consistent at.
 */
final class DumpLogPosition extends FilterOutputStream {
    static final int TAIL_BYTES = 4096;
    private static final int HEAD_BYTES = 16 * 1024;
    private static final Pattern FILE_AND_OFFSET =
            Pattern.compile("(?:MASTER|SOURCE)_LOG_FILE='([^']+)', (?:MASTER|SOURCE)_LOG_POS=([0-9]+)");
    private static final Pattern GTID = Pattern.compile("(?:gtid_slave_pos|GTID_PURGED)\\s*=\\s*(?:/\\*[^*]*\\*/)?\\s*'([^']*)'");

    private final byte[] head = new byte[HEAD_BYTES];
    private final Clock clock;
    private int headSize;
    private Instant firstBytes;

    DumpLogPosition(OutputStream out, Clock clock) {
        super(out);
        this.clock = clock;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (firstBytes == null && len > 0) {
            firstBytes = clock.instant();
        }
        if (headSize < head.length) {
            int n = Math.min(len, head.length - headSize);
            System.arraycopy(b, off, head, headSize, n);
            headSize += n;
        }
        out.write(b, off, len);
    }

    /**
     * @param tail the dump's last bytes
     * @throws IOException when the dump holds no binlog position (the server's log_bin is off)
     */
    LogPosition position(String tail) throws IOException {
        Matcher m = FILE_AND_OFFSET.matcher(new String(head, 0, headSize, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IOException("the dump holds no binlog position (no CHANGE MASTER comment): is log_bin on?");
        }
        Optional<String> gtid = Optional.of(GTID.matcher(tail)).filter(Matcher::find).map(g -> g.group(1));
        return new LogPosition(m.group(1), Long.parseLong(m.group(2)), gtid.orElse(null), firstBytes);
    }
}
