package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRM's reads under steady load with warm caches: the 360 view and a search page of 50, against
 * the real application on the embedded PostgreSQL. Run with {@code -Pbenchmark}; not part of the
 * test suite, and it asserts nothing about speed.
 */
@Tag("benchmark")
class ReadBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 5_000);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 15));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
    private static final List<String> FIRST_NAMES = List.of("José", "María", "Lucía", "Juan", "Ana", "Pedro", "Sofía",
            "Diego", "Valentina", "Mateo", "Camila", "Santiago", "Isabella", "Martín", "Paula", "Tomás", "Julieta",
            "Lucas", "Emilia", "Benjamín");
    private static final List<String> SURNAMES = List.of("González", "Rodríguez", "Gómez", "Fernández", "López", "Díaz",
            "Martínez", "Pérez", "García", "Sánchez", "Romero", "Sosa", "Torres", "Álvarez", "Ruiz", "Ramírez", "Flores",
            "Acosta", "Benítez", "Medina", "Herrera", "Suárez", "Aguirre", "Giménez", "Gutiérrez", "Pereyra", "Rojas",
            "Molina", "Castro", "Ortiz", "Silva", "Núñez", "Luna", "Juárez", "Cabrera", "Ríos", "Morales", "Godoy",
            "Moreno", "Ferreyra", "Domínguez", "Carrizo", "Peralta", "Castillo", "Ledesma", "Quiroga", "Vega", "Vera",
            "Muñoz", "Ojeda");

    @TempDir
    Path root;

    @Test
    void crmReadsUnderSteadyLoad() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of("logging.level.root", "WARN",
                "vault.security.rate-limits.searches.limit", Integer.MAX_VALUE))) {
            List<String> ids = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id,
                    FIRST_NAMES.get(n % FIRST_NAMES.size()) + " " + SURNAMES.get((n / FIRST_NAMES.size()) % SURNAMES.size()),
                    "customer" + n + "@example.com", "+54911" + String.format("%08d", n), "DNI-" + n, null, null, null))
                    .stream().map(CustomerId::value).toList();
            String base = vault.baseUrl();
            LoadDriver driver = new LoadDriver("Basic " + Base64.getEncoder()
                    .encodeToString((RunningVault.COMPLIANCE + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8)));
            Random random = new Random(42);
            IntFunction<URI> view = i -> URI.create(base + "/api/v1/customers/" + ids.get(random.nextInt(ids.size())));
            IntFunction<URI> search = i -> URI.create(base + "/api/v1/customers?size=50&q="
                    + URLEncoder.encode(SURNAMES.get(random.nextInt(SURNAMES.size())), StandardCharsets.UTF_8));

            driver.run("warm-up 360 view", 300, WARM_UP, view);
            driver.run("warm-up search", 50, WARM_UP, search);
            List<LoadDriver.Result> results = new ArrayList<>();
            results.add(driver.run("360 view", 500, MEASURE, view));
            results.add(driver.run("search page of 50", 100, MEASURE, search));
            results.add(driver.run("360 view, double rate", 1000, MEASURE, view));

            StringBuilder table = new StringBuilder(LoadDriver.HEADER).append('\n');
            results.forEach(result -> table.append(result.row()).append('\n'));
            String report = "customers: " + CUSTOMERS + ", warm-up " + WARM_UP.toSeconds() + " s, measured "
                    + MEASURE.toSeconds() + " s per scenario, cores: " + Runtime.getRuntime().availableProcessors()
                    + ", max heap: " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB\n\n" + table;
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "read-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            assertThat(results).allSatisfy(result -> assertThat(result.requests()).isPositive());
        }
    }
}
