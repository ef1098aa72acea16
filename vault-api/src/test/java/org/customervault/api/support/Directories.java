package org.customervault.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** What an operator does to a stopped vault's data directory during a restore, with the same tools. */
public final class Directories {

    private Directories() {
    }

    /** {@code cp -a}: owners, modes and times kept, as a backup keeps them. */
    public static void copy(Path from, Path to) throws Exception {
        run("cp", "-a", from.toString(), to.toString());
    }

    public static void delete(Path directory) throws Exception {
        run("rm", "-rf", directory.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
