package org.customervault.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Searches files for an Ed25519 private key in every form it could be stored in. */
public final class PrivateKeyTraces {

    private static final int SEED_BYTES = 32;

    private PrivateKeyTraces() {
    }

    /**
     * The files holding the key as PKCS#8 in base64, or its bare 32-byte seed raw, in base64,
     * base64url or hex.
     */
    public static List<Path> foundIn(List<Path> files, byte[] pkcs8) {
        byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - SEED_BYTES, pkcs8.length);
        List<String> needles = List.of(new String(seed, StandardCharsets.ISO_8859_1),
                Base64.getEncoder().encodeToString(seed), Base64.getUrlEncoder().withoutPadding().encodeToString(seed),
                Base64.getEncoder().encodeToString(pkcs8), HexFormat.of().formatHex(seed),
                HexFormat.of().withUpperCase().formatHex(seed));
        return files.stream().filter(file -> {
            // ISO-8859-1 maps every byte to one char, so a needle matches exactly its bytes.
            String content = read(file);
            return needles.stream().anyMatch(content::contains);
        }).toList();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
