package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.domain.crypto.Ed25519SigningKey;

/**
 * The local key store's signing key: a file of its own beside the master key file
 * ({@code keys/signing.key}), readable by its owner only, never in the database. It holds the
 * Ed25519 private key and its public key as PEM ({@code PRIVATE KEY}, PKCS#8; {@code PUBLIC KEY},
 * X.509), so {@code openssl pkey} reads it as it is.
 *
 * <p>A file of its own rather than a line of the master keyring: the keyring is rewritten by every
 * master-key rotation, the signing key never is, and an operator may back it up, or hand its public
 * half to auditors, without touching the master keys.
 */
public final class SigningKeyFile {

    public static final String FILE_NAME = "signing.key";

    private static final Pattern PRIVATE = pem("PRIVATE KEY");
    private static final Pattern PUBLIC = pem("PUBLIC KEY");

    private SigningKeyFile() {
    }

    /** Loads the signing key, creating the file with a fresh key pair if there is none. */
    public static Ed25519SigningKey loadOrCreate(Path file) {
        try {
            String text = Files.readString(KeyFiles.ownerOnly(file, "signing key file", SigningKeyFile::create),
                    StandardCharsets.US_ASCII);
            return Ed25519SigningKey.fromEncoded(decode(PRIVATE, text), decode(PUBLIC, text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the signing key file " + file + " does not hold an Ed25519 key pair");
        }
    }

    /**
     * Writes the new key to a private temporary file and links it into place: the link either
     * creates the file, whole, or finds one there. Two nodes starting at once on a shared key
     * directory thus agree on one key, and no node ever reads a half-written file.
     */
    private static void create(Path file) throws IOException {
        Ed25519SigningKey fresh = Ed25519SigningKey.generate();
        KeyFiles.createWhole(file, ".signing-", block("PRIVATE KEY", fresh.encodedPrivateKey())
                + block("PUBLIC KEY", fresh.publicKey().getEncoded()));
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(Pattern block, String text) {
        Matcher matcher = block.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("missing PEM block");
        }
        return Base64.getMimeDecoder().decode(matcher.group(1));
    }

    private static Pattern pem(String type) {
        return Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----");
    }
}
