package io.backstop.verify;

import java.util.Map;

/**
 * What reading one stored file to its end found: its SHA-256 and, when its content could be read (not encrypted, or
 * the private key at hand), what the engine counted in it.
 */
record StoredFileReading(String sha256, Map<String, Long> counts, boolean contentRead) {
}
