package org.customervault.api.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.infra.integrity.IntegrityReport;
import org.customervault.infra.integrity.IntegrityVerifier;
import org.customervault.infra.postgres.SuperuserCredentials;

/**
 * The check of {@code GET /api/v1/compliance/integrity} from the command line, without the vault:
 * only a database connection and the public signing key, so an auditor can run it on a copy of
 * the database, and a superuser's changes are checked against a key the database never held.
 *
 * <pre>
 * java -jar vault-api.jar check-integrity --public-key signing-key.pem
 *      (--pg-credentials data/pg-credentials | --jdbc-url jdbc:postgresql://host/db --user name)
 *      [--checkpoint data/keys/integrity-checkpoint]
 * </pre>
 *
 * With {@code --jdbc-url} the password is taken from {@code PGPASSWORD}, never from the command line
 * (which other users of the host can see). Prints the same JSON as the endpoint; exits 0 when
 * intact, 1 when broken, 2 when the check could not be made.
 */
public final class IntegrityCheck {

    public static final String COMMAND = "check-integrity";

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int CANNOT_CHECK = 2;

    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final String USAGE = "usage: " + COMMAND + " --public-key FILE (--pg-credentials FILE | --jdbc-url URL"
            + " --user NAME, password in PGPASSWORD) [--checkpoint FILE]";

    private IntegrityCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("PGPASSWORD"), System.out, System.err));
    }

    static int run(String[] args, String password, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println(USAGE);
                return CANNOT_CHECK;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (!options.containsKey("public-key") || options.containsKey("pg-credentials") == options.containsKey("jdbc-url")) {
            err.println(USAGE);
            return CANNOT_CHECK;
        }
        try {
            PublicKey key = publicKey(Path.of(options.get("public-key")));
            Optional<String> kept = options.containsKey("checkpoint")
                    ? Optional.of(Files.readString(Path.of(options.get("checkpoint")), StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
            IntegrityReport report;
            try (Connection connection = connect(options, password)) {
                report = new IntegrityVerifier(key).verify(connection, kept);
            }
            out.println(new ObjectMapper().writeValueAsString(report));
            return report.intact() ? INTACT : BROKEN;
        } catch (IOException | SQLException | GeneralSecurityException | RuntimeException e) {
            // whatever stopped the check, it is not a verdict: exit 1 must only ever mean "broken"
            err.println("cannot check: " + e.getMessage());
            return CANNOT_CHECK;
        }
    }

    private static Connection connect(Map<String, String> options, String password) throws SQLException {
        Properties properties = new Properties();
        String url;
        if (options.containsKey("pg-credentials")) {
            SuperuserCredentials credentials = SuperuserCredentials.read(Path.of(options.get("pg-credentials")));
            url = credentials.jdbcUrl();
            properties.setProperty("user", credentials.user());
            properties.setProperty("password", credentials.password());
        } else {
            url = options.get("jdbc-url");
            if (options.containsKey("user")) {
                properties.setProperty("user", options.get("user"));
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
        }
        return DriverManager.getConnection(url, properties);
    }

    /** The first {@code PUBLIC KEY} block of the file: the endpoint's PEM, or the signing key file itself. */
    private static PublicKey publicKey(Path file) throws IOException, GeneralSecurityException {
        Matcher block = PUBLIC_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw new IllegalArgumentException("no PUBLIC KEY block in " + file);
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(block.group(1))));
    }
}
