package dev.flashsale.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The instances of one service behind the gateway, each a base URL: requests take them in turn, and an instance
 * that refused a connection is passed over for a while, so a replica that was killed costs at most the one request
 * that found it gone (and that one is sent to another, see {@link ReplicaFailoverExchange}). On Kubernetes each
 * service has one URL (its Service balances); several are for the local stack's replicas.
 */
final class Replicas {

    private final List<URI> urls;
    private final long passOverNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicLongArray refusedUntil;

    Replicas(List<URI> urls, Duration passOver, LongSupplier nanoTime) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one URL");
        }
        this.urls = List.copyOf(urls);
        this.passOverNanos = passOver.toNanos();
        this.nanoTime = nanoTime;
        this.refusedUntil = new AtomicLongArray(urls.size());
    }

    Replicas(List<URI> urls, Duration passOver) {
        this(urls, passOver, System::nanoTime);
    }

    int size() {
        return urls.size();
    }

    /** The next instance in turn that has not refused a connection lately; when all have, the next in turn. */
    URI next() {
        int start = turn.getAndIncrement();
        long now = nanoTime.getAsLong();
        for (int i = 0; i < urls.size(); i++) {
            int index = Math.floorMod(start + i, urls.size());
            if (refusedUntil.get(index) - now <= 0) {
                return urls.get(index);
            }
        }
        return urls.get(Math.floorMod(start, urls.size()));
    }

    /** Whether {@code target} (a full request URI) goes to one of these instances. */
    boolean serves(URI target) {
        return indexOf(target) >= 0;
    }

    /**
     * {@code target}'s instance refused a connection: it is passed over for a while. Answers the instance to try
     * instead, if another has not refused lately.
     */
    Optional<URI> refused(URI target) {
        int failed = indexOf(target);
        long now = nanoTime.getAsLong();
        if (failed >= 0) {
            refusedUntil.set(failed, now + passOverNanos);
        }
        for (int i = 1; i <= urls.size(); i++) {
            int index = Math.floorMod(Math.max(failed, 0) + i, urls.size());
            if (index != failed && refusedUntil.get(index) - now <= 0) {
                return Optional.of(urls.get(index));
            }
        }
        return Optional.empty();
    }

    private int indexOf(URI target) {
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            if (url.getScheme().equalsIgnoreCase(target.getScheme()) && url.getHost().equalsIgnoreCase(target.getHost())
                    && port(url) == port(target)) {
                return i;
            }
        }
        return -1;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
