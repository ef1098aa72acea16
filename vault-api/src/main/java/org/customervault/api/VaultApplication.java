package org.customervault.api;

import java.util.Arrays;
import org.customervault.api.integrity.IntegrityCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The customer-data vault: REST API, security and configuration around the event-sourced core.
 * {@code check-integrity} as the first argument checks the hash chains instead, without starting it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VaultApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(IntegrityCheck.COMMAND)) {
            IntegrityCheck.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(VaultApplication.class, args);
    }
}
