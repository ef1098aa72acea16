package org.customervault.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.customervault.api.config.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The API's users from {@code vault.security.users}. With none configured, the vault never falls
 * back to a known password: it creates {@code admin} with a random one, written to
 * {@code <data dir>/admin-password} readable by the owner only, and logs that file's path.
 */
final class ConfiguredUsers {

    static final String GENERATED_ADMIN = "admin";
    static final String ADMIN_PASSWORD_FILE = "admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredUsers.class);

    private ConfiguredUsers() {
    }

    static InMemoryUserDetailsManager from(SecuritySettings settings, DataDirectory data, PasswordEncoder encoder) {
        List<SecuritySettings.User> configured = settings.users();
        if (configured.isEmpty()) {
            Path file = data.ensured().resolve(ADMIN_PASSWORD_FILE);
            String password = generatedAdminPassword(file);
            LOG.info("No users configured: user '{}' has the password stored in {}", GENERATED_ADMIN, file);
            return new InMemoryUserDetailsManager(User.withUsername(GENERATED_ADMIN)
                    .password(encoder.encode(password)).roles(Role.ADMIN.name()).build());
        }
        return new InMemoryUserDetailsManager(configured.stream().map(ConfiguredUsers::toUserDetails).toList());
    }

    private static UserDetails toUserDetails(SecuritySettings.User user) {
        if (SystemActors.isReserved(user.name())) {
            throw new IllegalStateException("user " + user.name() + ": the name is the vault's own; choose another");
        }
        if (user.name() == null || user.name().isBlank() || user.password() == null || !user.password().startsWith("{")) {
            throw new IllegalStateException("every vault.security.users entry needs a name and a password "
                    + "in Spring's delegating format such as {bcrypt}...");
        }
        List<String> roles = user.roles() == null ? List.of() : user.roles();
        if (roles.isEmpty()) {
            throw new IllegalStateException("user " + user.name() + " has no roles; use AGENT, COMPLIANCE or ADMIN");
        }
        String[] names = roles.stream().map(role -> Role.valueOf(role.trim().toUpperCase()).name()).toArray(String[]::new);
        return User.withUsername(user.name()).password(user.password()).roles(names).build();
    }

    private static String generatedAdminPassword(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException anotherNodeWroteIt) {
                    // read what it wrote below
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }
}
