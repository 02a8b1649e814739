package dev.flashsale.ranking;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;

@RankingIntegrationTest
class SalesRecordingIT {

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    RankingTables tables;
    @Autowired
    TestCalendar calendar;
    @Autowired
    MeterRegistry metrics;

    LocalDate today;

    @BeforeEach
    void startOnADayOfItsOwn() {
        today = calendar.freshDayAtNoon();
    }

    @Test
    void countsAnEventDeliveredTwiceOnce() {
        long product = newProduct();
        OrderCompleted order = anOrder().completedAt(kst(today, 10, 0)).of(product, 3).build();
        OrderCompleted fence = anOrder().completedAt(kst(today, 10, 1)).of(newProduct(), 1).build();
        UUID eventId = UUID.randomUUID();
        double duplicatesBefore = inboxDuplicates();

        feed.sendInOrder(List.of(feed.record(order, eventId), feed.record(order, eventId), feed.record(fence, UUID.randomUUID())));
        feed.awaitRecorded(fence);
        ranking.aggregate();

        assertThat(inboxDuplicates()).isEqualTo(duplicatesBefore + 1);
        assertThat(feed.linesOf(order.orderId())).isEqualTo(1);
        assertThat(tables.dailyQuantity(today, product)).isEqualTo(3);
    }

    @Test
    void countsAnOrderPublishedAgainUnderANewEventIdOnce() {
        long product = newProduct();
        OrderCompleted order = anOrder().completedAt(kst(today, 10, 0)).of(product, 3).of(newProduct(), 1).build();
        OrderCompleted fence = anOrder().completedAt(kst(today, 10, 1)).of(newProduct(), 1).build();
        double duplicateOrdersBefore = duplicateOrders();

        feed.sendInOrder(List.of(feed.record(order, UUID.randomUUID()), feed.record(order, UUID.randomUUID()),
                feed.record(fence, UUID.randomUUID())));
        feed.awaitRecorded(fence);
        ranking.aggregate();

        assertThat(duplicateOrders()).isEqualTo(duplicateOrdersBefore + 1);
        assertThat(feed.linesOf(order.orderId())).isEqualTo(2);
        assertThat(tables.dailyQuantity(today, product)).isEqualTo(3);
    }

    @Test
    void countsAnOrderAgainNeitherWhenItArrivesAgainAfterTheAggregation() {
        long product = newProduct();
        OrderCompleted order = anOrder().completedAt(kst(today, 10, 0)).of(product, 4).build();
        feed.publishAndAwait(order);
        ranking.aggregate();
        OrderCompleted fence = anOrder().completedAt(kst(today, 10, 1)).of(newProduct(), 1).build();

        feed.sendInOrder(List.of(feed.record(order, UUID.randomUUID()), feed.record(fence, UUID.randomUUID())));
        feed.awaitRecorded(fence);
        ranking.aggregate();

        assertThat(tables.dailyQuantity(today, product)).isEqualTo(4);
    }

    @Test
    void addsALateEventToTheDayItsOrderCompletedOn() {
        long product = newProduct();
        LocalDate yesterday = today.minusDays(1);
        feed.publishAndAwait(anOrder().completedAt(kst(yesterday, 22, 0)).of(product, 2).build());
        ranking.aggregate();

        // Completed before midnight, delivered the next day after yesterday's sales were aggregated.
        feed.publishAndAwait(anOrder().completedAt(kst(yesterday, 23, 59, 58)).of(product, 3).build());
        ranking.aggregate();

        assertThat(tables.dailyQuantity(yesterday, product)).isEqualTo(5);
        assertThat(tables.dailyQuantity(today, product)).isZero();
    }

    @Test
    void deadLettersAnUnreadableEventAndGoesOnWithTheNextOrder() {
        String garbage = "{\"type\": \"OrderCompleted\", \"broken\": " + UUID.randomUUID();
        OrderCompleted next = anOrder().completedAt(kst(today, 10, 0)).of(newProduct(), 1).build();
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.deadLetter(Topics.ORDER_COMPLETED))) {
            feed.sendInOrder(List.of(new ProducerRecord<>(Topics.ORDER_COMPLETED, Long.toString(next.orderId()), garbage),
                    feed.record(next, UUID.randomUUID())));
            feed.awaitRecorded(next);

            List<ConsumerRecord<String, String>> dead = deadLetters.readUntil(
                    seen -> seen.stream().anyMatch(record -> garbage.equals(record.value())), Duration.ofSeconds(30));
            assertThat(dead).anyMatch(record -> garbage.equals(record.value()));
        }
    }

    private double inboxDuplicates() {
        return counter("messaging.inbox.duplicates", "type", "OrderCompleted");
    }

    private double duplicateOrders() {
        return counter("ranking.sales.orders", "outcome", "duplicate");
    }

    private double counter(String name, String tag, String value) {
        var counter = metrics.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
