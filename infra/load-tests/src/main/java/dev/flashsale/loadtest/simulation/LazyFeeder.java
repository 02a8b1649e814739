package dev.flashsale.loadtest.simulation;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A feeder over records that exist only once the simulation's {@code before()} has made them: Gatling builds
 * its scenarios (and takes their feeders) in the constructor, but reads a feeder only when a user starts.
 */
final class LazyFeeder implements Iterator<Map<String, Object>> {

    private final AtomicInteger next = new AtomicInteger();
    private volatile List<Map<String, Object>> records = List.of();

    void fill(List<Map<String, Object>> records) {
        this.records = List.copyOf(records);
        next.set(0);
    }

    @Override
    public boolean hasNext() {
        return next.get() < records.size();
    }

    @Override
    public Map<String, Object> next() {
        int index = next.getAndIncrement();
        if (index >= records.size()) {
            throw new NoSuchElementException("the feeder has " + records.size() + " records");
        }
        return records.get(index);
    }
}
