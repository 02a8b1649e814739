import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.*;

/** Row 6's method for three targets: 64 closed-loop clients (own user, own connection), direct / servlet gateway / reactive spike in turns. */
public class Compare {
    static final HttpClient ADMIN = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int connections = 64;
        Duration turn = Duration.ofSeconds(Integer.parseInt(args.length > 0 ? args[0] : "15"));
        int rounds = Integer.parseInt(args.length > 1 ? args[1] : "2");
        String gateway = "http://localhost:8080", spike = "http://localhost:8090", direct = "http://localhost:8081";
        String admin = token(gateway, 1, true);
        List<Long> users = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String body = post(gateway + "/api/v1/admin/users", "{\"name\":\"cmp" + i + "\"}", admin);
            long id = Long.parseLong(find(body, "\"(?:id|userId)\"\\s*:\\s*(\\d+)"));
            post(gateway + "/api/v1/users/" + id + "/balance/charge", "{\"amount\":1000}", admin);
            users.add(id);
            tokens.add(token(gateway, id, false));
        }
        String gatewaySecret = System.getenv("GATEWAY_SECRET");
        Map<String, List<HttpRequest>> targets = new LinkedHashMap<>();
        for (String name : List.of("direct", "servlet", "reactive")) targets.put(name, new ArrayList<>());
        for (int i = 0; i < connections; i++) {
            long id = users.get(i);
            String path = "/api/v1/users/" + id + "/balance";
            targets.get("servlet").add(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + tokens.get(i)).build());
            targets.get("reactive").add(HttpRequest.newBuilder(URI.create(spike + path)).header("Authorization", "Bearer " + tokens.get(i)).build());
            targets.get("direct").add(HttpRequest.newBuilder(URI.create(direct + path)).header("X-Caller", sign(gatewaySecret, id)).build());
        }
        List<String> pids = List.of(System.getenv("PID_SERVLET"), System.getenv("PID_REACTIVE"), System.getenv("PID_BALANCE"));
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (String name : targets.keySet()) { loop(targets.get(name), Duration.ofSeconds(3), null); totals.put(name, new double[3]); }
        for (int round = 0; round < rounds; round++) {
            for (String name : targets.keySet()) {
                long[] cpuBefore = cpu(pids);
                double[] r = loop(targets.get(name), turn, totals.get(name));
                long[] cpuAfter = cpu(pids);
                System.out.printf("round %d %-8s %,.0f reads/s, errors %.0f; CPU ms per read: servlet gw %.3f, reactive gw %.3f, balance %.3f%n", round, name, r[0] / r[1], r[2],
                        (cpuAfter[0] - cpuBefore[0]) * 10.0 / r[0], (cpuAfter[1] - cpuBefore[1]) * 10.0 / r[0], (cpuAfter[2] - cpuBefore[2]) * 10.0 / r[0]);
            }
        }
        double d = totals.get("direct")[0] / totals.get("direct")[1];
        for (String name : totals.keySet()) {
            double[] t = totals.get(name);
            System.out.printf("%-8s %,.0f reads/s  ratio to direct %.2f  non-200 %.0f%n", name, t[0] / t[1], (t[0] / t[1]) / d, t[2]);
        }
    }

    static double[] loop(List<HttpRequest> requests, Duration duration, double[] into) throws Exception {
        LongAdder ok = new LongAdder(), bad = new LongAdder();
        long start = System.nanoTime(), end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        List<Future<?>> all = new ArrayList<>();
        for (HttpRequest request : requests) {
            all.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) ok.increment(); else bad.increment();
                    } catch (Exception e) { bad.increment(); }
                }
                return null;
            }));
        }
        for (Future<?> f : all) f.get();
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] r = {ok.sum(), seconds, bad.sum()};
        if (into != null) { into[0] += r[0]; into[1] += r[1]; into[2] += r[2]; }
        return r;
    }

    /** Each process's CPU so far, in clock ticks (utime + stime of /proc/PID/stat). */
    static long[] cpu(List<String> pids) throws Exception {
        long[] ticks = new long[pids.size()];
        for (int i = 0; i < ticks.length; i++) {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pids.get(i) + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    static String token(String gateway, long userId, boolean admin) throws Exception {
        String body = post(gateway + "/api/v1/dev/tokens", admin ? "{\"userId\":" + userId + ",\"roles\":[\"admin\"]}" : "{\"userId\":" + userId + "}", null);
        return find(body, "\"token\"\\s*:\\s*\"([^\"]+)\"");
    }

    static String post(String url, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = ADMIN.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + regex + " in " + body);
        return m.group(1);
    }

    static String sign(String secret, long userId) { return dev.flashsale.web.GatewayIdentity.withSecret(secret).sign(new dev.flashsale.web.Caller(userId, Set.of()), Instant.now().plus(Duration.ofHours(2))); }
}
