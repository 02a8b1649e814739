package dev.flashsale.loadtest.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcFsTest {

    @Test
    void readsTheCpuTimesOfAProcessWhoseNameHoldsSpacesAndParentheses() {
        ProcFs.Stat stat = ProcFs.parseStat("4242 (postgres: walwriter (x) ) S 4200 4200 4200 0 -1 4194624 180 0 0 0"
                + " 17 5 3 2 20 0 1 0 1200 227115008 1903 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0");

        assertThat(stat.pid()).isEqualTo(4242);
        assertThat(stat.name()).isEqualTo("postgres: walwriter (x) ");
        assertThat(stat.utime()).isEqualTo(17);
        assertThat(stat.stime()).isEqualTo(5);
        assertThat(stat.cutime()).isEqualTo(3);
        assertThat(stat.cstime()).isEqualTo(2);
        assertThat(stat.ticks()).isEqualTo(27);
        assertThat(stat.ownTicks()).isEqualTo(22);
    }

    @Test
    void groupsThreadsByNameWithoutTheirNumberAndPostgresProcessesByTitle() {
        assertThat(ProcFs.threadGroup("pool-4-thread-12", "java -jar coupon-service.jar")).isEqualTo("pool-4-thread");
        assertThat(ProcFs.threadGroup("GC Thread#1", "java")).isEqualTo("GC Thread");
        assertThat(ProcFs.threadGroup("C2 CompilerThre", "java")).isEqualTo("C2 CompilerThre");
        assertThat(ProcFs.threadGroup("postgres", "postgres: walsender postgres orders 127.0.0.1(34740) START_REPLICATION"))
                .isEqualTo("walsender");
        assertThat(ProcFs.threadGroup("postgres", "postgres: postgres orders 127.0.0.1(45868) idle")).isEqualTo("backend");
        assertThat(ProcFs.threadGroup("postgres", "postgres: walwriter ")).isEqualTo("postgres");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsTheLiveThreadsOfAProcessByGroup() throws Exception {
        Thread ended = new Thread(() -> { }, "ended-7");
        ended.start();
        ended.join();

        // The thread has ended, so it is gone from /proc; one still running is counted under its name without its
        // number (the kernel keeps 15 characters of a name, so short names keep theirs).
        Thread waiting = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "sleeper-3");
        waiting.start();
        try {
            assertThat(ProcFs.threadTicks(ProcessHandle.current().pid()))
                    .containsKey("sleeper")
                    .doesNotContainKey("ended");
        } finally {
            waiting.interrupt();
            waiting.join();
        }
    }

    @Test
    void countsTheMachinesBusyTicksWithoutIdleAndIoWait() {
        assertThat(ProcFs.parseMachineBusy("cpu  100 2 30 5000 40 5 6 7 0 0")).isEqualTo(100 + 2 + 30 + 5 + 6 + 7);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void measuresThisProcessesCpuAsTheJdkDoes() {
        ProcessHandle self = ProcessHandle.current();
        long ticksBefore = ProcFs.stat(self.pid()).orElseThrow().ownTicks();
        Duration jdkBefore = self.info().totalCpuDuration().orElseThrow();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long sink = 0;
        // half a second of CPU, however long a busy machine takes to grant it
        while (self.info().totalCpuDuration().orElseThrow().minus(jdkBefore).toMillis() < 500 && System.nanoTime() < giveUp) {
            for (int i = 0; i < 100_000; i++) {
                sink += i % 7;
            }
        }
        double ours = (ProcFs.stat(self.pid()).orElseThrow().ownTicks() - ticksBefore) / (double) ProcFs.TICKS_PER_SECOND;
        double jdks = (self.info().totalCpuDuration().orElseThrow().minus(jdkBefore)).toMillis() / 1000.0;

        assertThat(sink).isNotNegative();
        assertThat(jdks).isGreaterThanOrEqualTo(0.5);
        assertThat(ours).isCloseTo(jdks, within(0.05));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsAChildProcessInTheTreeOfItsParentAndItsMemory() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcFs.tree(ProcessHandle.current().pid())).contains(child.pid());
            assertThat(ProcFs.tree(child.pid())).containsExactly(child.pid());
            assertThat(ProcFs.pssKib(child.pid())).isPositive();
            assertThat(ProcFs.rssKib(child.pid())).isGreaterThanOrEqualTo(ProcFs.pssKib(child.pid()));
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(ProcFs.stat(child.pid())).isEmpty();
    }
}
