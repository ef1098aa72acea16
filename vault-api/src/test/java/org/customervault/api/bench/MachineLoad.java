package org.customervault.api.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the machine's cores were while a row ran, and how much of that was this JVM: on a machine
 * shared with other builds a row's figures mean little without it. Linux only ({@code /proc/stat});
 * elsewhere the machine's share is unknown.
 */
final class MachineLoad {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Jiffies per second as the kernel reports {@code /proc/stat}; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU time counters at one instant. */
    record Snapshot(long busyTicks, long allTicks, long jvmNanos) {
    }

    /** Between two snapshots: the machine's cores busy, in %, and this JVM's part of them, in % of all cores. */
    record Share(double machineBusyPercent, double jvmPercent) {

        String describe() {
            return Double.isNaN(machineBusyPercent) ? "unknown" : String.format("%.0f %% (this JVM %.0f %%)", machineBusyPercent, jvmPercent);
        }
    }

    private MachineLoad() {
    }

    static Snapshot now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        if (!Files.isReadable(PROC_STAT)) {
            return new Snapshot(-1, -1, jvm);
        }
        try {
            // first line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
            long[] ticks = Arrays.stream(Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+")).skip(1)
                    .limit(8).mapToLong(Long::parseLong).toArray();
            long idle = ticks[3] + ticks[4];
            long all = Arrays.stream(ticks).sum();
            return new Snapshot(all - idle, all, jvm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Share between(Snapshot from, Snapshot to) {
        if (from.allTicks() < 0) {
            return new Share(Double.NaN, Double.NaN);
        }
        double allTicks = to.allTicks() - from.allTicks();
        double jvmTicks = (to.jvmNanos() - from.jvmNanos()) / 1e9 * TICKS_PER_SECOND;
        return new Share(100 * (to.busyTicks() - from.busyTicks()) / allTicks, 100 * jvmTicks / allTicks);
    }
}
