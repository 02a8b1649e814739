package dev.flashsale.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: cores and the load average at the moment. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The gateway limits this process hands to a stack it starts (its processes inherit the environment). */
    static String rateLimits() {
        StringBuilder out = new StringBuilder();
        for (String name : new String[]{"RATE_LIMIT_COUPON_ISSUE_PER_SECOND", "RATE_LIMIT_ORDER_SUBMIT_PER_SECOND",
                "RATE_LIMIT_BALANCE_CHARGE_PER_SECOND", "RATE_LIMIT_DEFAULT_PER_SECOND"}) {
            out.append(name).append('=').append(System.getenv().getOrDefault(name, "(gateway default)")).append(' ');
        }
        return out.toString().trim();
    }
}
