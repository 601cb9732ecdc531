package io.backstop.storage;

import java.util.Set;
import java.util.regex.Pattern;

/** Manifests are files on the volume, so untrusted: every name in one is checked before it is used. */
final class ManifestCheck {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> CODECS = Set.of("gz", "zst", "gz.age", "zst.age");

    private ManifestCheck() {
    }

    /**
     * Null when the manifest describes the backup file it was found beside, else what is wrong with it.
     *
     * @param directory the name of the directory the manifest is in, which is its target's
     * @param fileName  the backup file the manifest is named after
     */
    static String problem(Manifest m, String directory, String fileName) {
        if (m.target() == null || !TargetName.isValid(m.target())) {
            return "target '" + m.target() + "' is not a valid target name";
        }
        if (!m.target().equals(directory)) {
            return "it names target '" + m.target() + "' but lies in the directory of '" + directory + "'";
        }
        if (m.file() == null || !m.file().equals(fileName)) {
            return "it names file '" + m.file() + "' but belongs to '" + fileName + "'";
        }
        var parsed = BackupFileName.parse(m.target(), m.file());
        if (parsed.isEmpty()) {
            return "'" + m.file() + "' is not the name of a backup of '" + m.target() + "'";
        }
        if (!parsed.get().part().equals(m.part())) {
            return "part '" + m.part() + "' does not match the file name's '" + parsed.get().part() + "'";
        }
        if (m.startedAt() == null || m.finishedAt() == null || m.engine() == null) {
            return "start, end or engine missing";
        }
        if (m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
            return "sha256 '" + m.sha256() + "' is not a SHA-256 in hex";
        }
        if (m.codec() == null || !CODECS.contains(m.codec()) || m.bytes() < 0 || m.rawBytes() < 0) {
            return "codec or sizes are not valid";
        }
        if (m.knowsItsRun() && (!m.runParts().contains(m.part()) || !m.runParts().stream().allMatch(BackupPart::isValid))) {
            return "its run's parts " + m.runParts() + " are not valid part names, or do not include '" + m.part() + "'";
        }
        return null;
    }
}
