package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.domain.crypto.DataKey;

/**
 * The local key store's keys outside the database, in one file readable by its owner only: the
 * deployment's blind-index keys by version and the master keys that wrap the data keys, the one in
 * use first. A rotation of the master key adds a new one in front, and drops the old ones once no
 * row is wrapped by them; a rotation of the blind-index key adds the next version, and drops the
 * old one once no token made with it is left. Every change replaces the file at once, so a crash
 * leaves either version, never half.
 *
 * <pre>
 * index 1 &lt;base64&gt;  (until a blind-index rotation destroys it)
 * index 2 &lt;base64&gt;
 * master &lt;base64&gt;   (in use)
 * master &lt;base64&gt;   (older, until no data key is wrapped by it)
 * </pre>
 *
 * A line {@code index <base64>} without a version, as earlier releases wrote it, is version 1. A file
 * of one bare base64 line, as first releases wrote it, is a single master key from which the
 * blind-index key of version 1 is derived; the first change writes it in the form above. That key
 * stays derivable from the master key for as long as the master key is in the ring, so its line is
 * kept until a master-key rotation retires that master key ({@link #indexKeyDerivable}).
 */
public final class MasterKeyring {

    private static final String INDEX = "index ";
    private static final String MASTER = "master ";
    private static final String DERIVED_INDEX_PURPOSE = "customer-vault/blind-index/v1";
    private static final int FIRST_INDEX_VERSION = 1;

    private record MasterKey(DataKey key, byte[] material) {
    }

    private final Path file;
    private final SortedMap<Integer, SecretKey> indexKeys;
    private final List<MasterKey> masterKeys;

    private MasterKeyring(Path file, SortedMap<Integer, SecretKey> indexKeys, List<MasterKey> masterKeys) {
        this.file = file;
        this.indexKeys = Collections.unmodifiableSortedMap(new TreeMap<>(indexKeys));
        this.masterKeys = List.copyOf(masterKeys);
    }

    /** Loads the keyring, creating the file with fresh keys if there is none. */
    public static MasterKeyring loadOrCreate(Path file) {
        try {
            KeyFiles.ownerOnly(file, "master key file", MasterKeyring::create);
            return parse(file, Files.readAllLines(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key file " + file + " does not hold 32-byte keys");
        }
    }

    /** The master key new data keys are wrapped with. */
    public DataKey current() {
        return masterKeys.get(0).key();
    }

    /** A master key of this ring by its public name: the one in use or an older one. */
    public Optional<DataKey> byId(String keyId) {
        return masterKeys.stream().map(MasterKey::key).filter(key -> key.keyId().equals(keyId)).findFirst();
    }

    /** The blind-index key of {@code version}, if this ring holds it. */
    public Optional<SecretKey> blindIndexKey(int version) {
        return Optional.ofNullable(indexKeys.get(version));
    }

    /**
     * Whether the blind-index key of {@code version} is the one derived from a master key this ring
     * still holds, as version 1 of a file that began as one bare line is: removing its line does not
     * remove it while that master key stays.
     */
    boolean indexKeyDerivable(int version) {
        SecretKey held = indexKeys.get(version);
        return version == FIRST_INDEX_VERSION && held != null && masterKeys.stream().anyMatch(master ->
                MessageDigest.isEqual(master.key().derive(DERIVED_INDEX_PURPOSE).getEncoded(), held.getEncoded()));
    }

    /** The newest blind-index key version this ring holds; older ones may be gone, never newer ones. */
    int newestIndexVersion() {
        return indexKeys.lastKey();
    }

    /** Writes a new master key in front of the others; the blind-index keys stay. */
    MasterKeyring withNewCurrent() {
        List<MasterKey> keys = new ArrayList<>();
        keys.add(masterKey(randomKey()));
        keys.addAll(masterKeys);
        return write(indexKeys, keys);
    }

    /** Writes a fresh blind-index key of {@code version} beside the others. */
    MasterKeyring withIndexKey(int version) {
        SortedMap<Integer, SecretKey> keys = new TreeMap<>(indexKeys);
        keys.put(version, indexKey(randomKey()));
        return write(keys, masterKeys);
    }

    /** Writes the ring without the blind-index key of {@code version}. */
    MasterKeyring withoutIndexKey(int version) {
        SortedMap<Integer, SecretKey> keys = new TreeMap<>(indexKeys);
        keys.remove(version);
        return write(keys, masterKeys);
    }

    /** Writes the keyring with the key in use and, of the older ones, those named in {@code kept} only. */
    MasterKeyring retiringAllBut(Set<String> kept) {
        List<MasterKey> keys = new ArrayList<>(List.of(masterKeys.get(0)));
        masterKeys.stream().skip(1).filter(key -> kept.contains(key.key().keyId())).forEach(keys::add);
        return write(indexKeys, keys);
    }

    /** The public names of the master keys older than the one in use. */
    Set<String> olderKeyIds() {
        return masterKeys.stream().skip(1).map(key -> key.key().keyId()).collect(Collectors.toUnmodifiableSet());
    }

    private MasterKeyring write(SortedMap<Integer, SecretKey> indexes, List<MasterKey> keys) {
        MasterKeyring ring = new MasterKeyring(file, indexes, keys);
        try {
            Path directory = file.toAbsolutePath().getParent();
            // on the disk before any data key is rewrapped under it in the database
            Path next = KeyFiles.writtenAside(directory, ".master-", ring.text());
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
            KeyFiles.syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the master key file " + file, e);
        }
        return ring;
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        indexKeys.forEach((version, key) -> text.append(INDEX).append(version).append(' ')
                .append(encode(key.getEncoded())).append('\n'));
        masterKeys.forEach(key -> text.append(MASTER).append(encode(key.material())).append('\n'));
        return text.toString();
    }

    private static MasterKeyring parse(Path file, List<String> lines) {
        List<String> filled = lines.stream().map(String::trim).filter(line -> !line.isEmpty()).toList();
        if (filled.size() == 1 && !filled.get(0).contains(" ")) {
            MasterKey legacy = masterKey(Base64.getDecoder().decode(filled.get(0)));
            SecretKey derived = indexKey(legacy.key().derive(DERIVED_INDEX_PURPOSE).getEncoded());
            return new MasterKeyring(file, new TreeMap<>(Map.of(FIRST_INDEX_VERSION, derived)), List.of(legacy));
        }
        SortedMap<Integer, SecretKey> indexes = new TreeMap<>();
        List<MasterKey> masters = new ArrayList<>();
        for (String line : filled) {
            if (line.startsWith(INDEX)) {
                String[] parts = line.substring(INDEX.length()).trim().split("\\s+");
                int version = parts.length == 1 ? FIRST_INDEX_VERSION : Integer.parseInt(parts[0]);
                if (version < FIRST_INDEX_VERSION || indexes.put(version, indexKey(Base64.getDecoder().decode(parts[parts.length - 1]))) != null) {
                    throw new IllegalArgumentException("a blind-index key version twice or below 1");
                }
            } else if (line.startsWith(MASTER)) {
                masters.add(masterKey(Base64.getDecoder().decode(line.substring(MASTER.length()).trim())));
            } else {
                throw new IllegalArgumentException("unknown line");
            }
        }
        if (indexes.isEmpty() || masters.isEmpty()) {
            throw new IllegalArgumentException("an index key and at least one master key are needed");
        }
        return new MasterKeyring(file, indexes, masters);
    }

    private static void create(Path file) throws IOException {
        MasterKeyring fresh = new MasterKeyring(file, new TreeMap<>(Map.of(FIRST_INDEX_VERSION, indexKey(randomKey()))),
                List.of(masterKey(randomKey())));
        KeyFiles.createWhole(file, ".master-", fresh.text());
    }

    private static byte[] randomKey() {
        byte[] material = new byte[DataKey.KEY_BYTES];
        new SecureRandom().nextBytes(material);
        return material;
    }

    private static SecretKey indexKey(byte[] material) {
        if (material.length != DataKey.KEY_BYTES) {
            throw new IllegalArgumentException("a blind-index key has " + DataKey.KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(material, "HmacSHA256");
    }

    private static MasterKey masterKey(byte[] material) {
        return new MasterKey(new DataKey(idOf(material), 1, material), material);
    }

    private static String encode(byte[] material) {
        return Base64.getEncoder().encodeToString(material);
    }

    /** A public name for a master key, so each wrapped key says which master key wrapped it. */
    private static String idOf(byte[] material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return "mk-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
