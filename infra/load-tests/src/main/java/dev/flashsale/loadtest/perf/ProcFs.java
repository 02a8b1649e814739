package dev.flashsale.loadtest.perf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time and memory of processes as Linux's {@code /proc} reports them, the source of the performance
 * suite's CPU and memory figures (no agent in the measured processes, nothing they could notice).
 */
final class ProcFs {

    /** {@code USER_HZ}: the unit of every CPU time in {@code /proc}, 100 on every Linux the project runs on. */
    static final long TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /**
     * One process's (or thread's) name as the kernel knows it, and its CPU ticks: its own (user, system) and those of
     * its children it has waited for after they ended.
     */
    record Stat(long pid, String name, long utime, long stime, long cutime, long cstime) {

        /** Everything this process and its ended children spent. */
        long ticks() {
            return utime + stime + cutime + cstime;
        }

        /** What this process spent itself, without children. */
        long ownTicks() {
            return utime + stime;
        }
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self").resolve("stat")) && Files.isReadable(PROC.resolve("stat"));
    }

    static Optional<Stat> stat(long pid) {
        try {
            return Optional.of(parseStat(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * Parses {@code /proc/<pid>/stat}. The command name (field 2) is in parentheses and may itself hold spaces
     * and parentheses ({@code (postgres: walwriter )}), so the fields are counted from the last {@code ')'}.
     */
    static Stat parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String[] fields = line.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17
        return new Stat(pid, line.substring(open + 1, close), Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14]));
    }

    /** {@code root} and every process below it, found through each thread's {@code children} list. */
    static List<Long> tree(long root) {
        List<Long> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(long pid, List<Long> found) {
        if (!Files.isDirectory(PROC.resolve(Long.toString(pid)))) {
            return;
        }
        found.add(pid);
        for (long child : children(pid)) {
            if (!found.contains(child)) {
                collect(child, found);
            }
        }
    }

    private static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String list = Files.readString(task.resolve("children")).trim();
                    if (!list.isEmpty()) {
                        for (String child : list.split("\\s+")) {
                            children.add(Long.parseLong(child));
                        }
                    }
                } catch (IOException threadEnded) {
                    // the thread ended while we looked: it has no children to report any more
                }
            }
        } catch (IOException processEnded) {
            // likewise for the whole process
        }
        return children;
    }

    /**
     * The CPU ticks of each thread of {@code pid} so far, by thread group: Java names its threads' kernel names
     * after the threads (cut to 15 characters: {@code org.springframe} for a Kafka listener container's consumer,
     * {@code debezium-postgr} for the relay's streaming thread), and a group is that name without its trailing
     * number ({@code pool-4-thread-1} and {@code -2} are {@code pool-4-thread}). A PostgreSQL process, one thread
     * each, is a {@code walsender}, a {@code backend} (a client's connection) or {@code postgres} (the postmaster
     * and its helpers), from its title.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> groups = new HashMap<>();
        String title = title(pid);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                try {
                    Stat thread = parseStat(Files.readString(task.resolve("stat")));
                    groups.merge(threadGroup(thread.name(), title), thread.ownTicks(), Long::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // ended while we looked: its ticks are gone with it
                }
            }
        } catch (IOException processEnded) {
            // likewise for the whole process
        }
        return groups;
    }

    static String threadGroup(String threadName, String processTitle) {
        if (threadName.equals("postgres")) {
            if (processTitle.contains("walsender")) {
                return "walsender";
            }
            return processTitle.matches(".*\\(\\d+\\).*|.*\\[local].*") ? "backend" : "postgres";
        }
        String group = threadName.replaceAll("[-#_ ]?\\d+$", "");
        return group.isEmpty() ? threadName : group;
    }

    private static String title(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /**
     * Proportional set size in KiB: resident pages, each shared page divided by the number of processes sharing
     * it, so summing it over processes (six JVMs sharing the JDK's class-data archive, PostgreSQL's backends
     * sharing its buffers) counts every page once. Falls back to the resident set size where the kernel has no
     * {@code smaps_rollup}.
     */
    static long pssKib(long pid) {
        Path proc = PROC.resolve(Long.toString(pid));
        try {
            for (String line : Files.readAllLines(proc.resolve("smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return kib(line);
                }
            }
        } catch (IOException | RuntimeException noRollup) {
            // older kernel or gone: use the resident set size below
        }
        return rssKib(pid);
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return kib(line);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // ended: it holds nothing
        }
        return 0;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Busy ticks of every CPU of the machine so far (user, nice, system, irq, softirq, steal; not idle or iowait). */
    static long machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"))) {
                if (line.startsWith("cpu ")) {
                    return parseMachineBusy(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
        throw new IllegalStateException("/proc/stat has no cpu line");
    }

    static long parseMachineBusy(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
    }

    /** The one-minute load average, as {@code uptime} shows it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(PROC.resolve("loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
