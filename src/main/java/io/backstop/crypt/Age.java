package io.backstop.crypt;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.backstop.config.DecryptSettings;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The age format (age-encryption.org/v1) with X25519 keys, through the jagged library: encryption to public keys
 * ({@code age1…}), decryption with the identity file ({@code AGE-SECRET-KEY-1…}) of {@code BACKUP_DECRYPT_IDENTITY_FILE}.
 * Stock {@code age} reads what this writes, and the other way round.
 */
@Singleton
public class Age {
    public static final String FORMAT = "age-encryption.org/v1";
    public static final String SUFFIX = "age";
    static final String IDENTITY_VARIABLE = "BACKUP_DECRYPT_IDENTITY_FILE";
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @Nullable private final Path identityFile;

    public Age(DecryptSettings settings) {
        this.identityFile = settings.getIdentityFile();
    }

    /** What is wrong with a public key, or empty when it is an age X25519 recipient. */
    public static Optional<String> recipientProblem(String key) {
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("'" + key + "' is not an age X25519 public key (age1…): " + e.getMessage());
        }
    }

    /**
     * Encrypts what is written to the returned stream to every recipient, into {@code stored}. Closing it writes the
     * last chunk and flushes {@code stored}, which stays open.
     */
    public OutputStream encrypting(OutputStream stored, List<String> recipients) throws IOException {
        try {
            List<RecipientStanzaWriter> writers = new ArrayList<>();
            for (String recipient : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
            }
            return new CloseOnce(Channels.newOutputStream(new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(new KeepOpen(stored)), writers)));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start age encryption: " + e.getMessage(), e);
        }
    }

    public boolean canDecrypt() {
        return identityFile != null;
    }

    /**
     * Decrypts {@code stored}, an age file, with the identity file. Each 64 KiB chunk is authenticated as it is read, so a
     * changed byte fails the read that reaches it, and a file cut short fails at its end.
     *
     * @param what the file's name, for messages
     */
    public InputStream decrypting(InputStream stored, String what) throws IOException {
        if (identityFile == null) {
            throw new IOException(what + " is encrypted with age; set " + IDENTITY_VARIABLE + " to the identity file"
                    + " (age-keygen's output) of one of the recipients its manifest names");
        }
        List<RecipientStanzaReader> readers = identities(identityFile);
        try {
            return Channels.newInputStream(new StandardDecryptingChannelFactory()
                    .newDecryptingChannel(Channels.newChannel(stored), readers));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + what + " with " + IDENTITY_VARIABLE + " " + identityFile
                    + ": no identity in it matches a recipient of the file, or the file's header is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** What is wrong with an identity file: missing, readable by others, or holding no identity. */
    public static Optional<String> identityFileProblem(Path file) {
        try {
            if (!Files.isReadable(file)) {
                return Optional.of("cannot read " + file);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                return Optional.of(file + " is readable or writable by others (" + java.nio.file.attribute.PosixFilePermissions
                        .toString(permissions) + "); it holds a private key: chmod 600 " + file);
            }
            identities(file);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static List<RecipientStanzaReader> identities(Path file) throws IOException {
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String key = line.trim();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            try {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException(file + " holds a line that is not an age identity (AGE-SECRET-KEY-1…)", e);
            }
        }
        if (readers.isEmpty()) {
            throw new IOException(file + " holds no age identity (AGE-SECRET-KEY-1…)");
        }
        return readers;
    }

    /** Closes the encrypting channel once: the pipeline closes it to write the last chunk, and again on its way out. */
    private static final class CloseOnce extends FilterOutputStream {
        private boolean closed;

        CloseOnce(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }
    }

    /** Lets the encrypting channel be closed, to write its last chunk, without closing the file under it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
