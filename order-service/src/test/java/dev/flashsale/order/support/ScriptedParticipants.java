package dev.flashsale.order.support;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.Messages;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.messaging.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * Plays product-, coupon- and balance-service on the real broker: reads the three command topics with a
 * plain consumer and answers each command on the reply topic as the relay of a real participant
 * would ({@link MessageCodec#record}), following a {@link Script}. A script is registered for a
 * variant before the order is placed (the order id is not known yet) and bound to the order when its
 * ReserveStock arrives. Orders without a script get {@link Script#succeeding()}.
 */
public final class ScriptedParticipants implements AutoCloseable {

    private static final ZoneId ZONE = ZoneId.of("Asia/Seoul");
    private static final Map<String, Class<? extends Message>> TYPES = new HashMap<>();

    static {
        Messages.ALL.forEach(type -> TYPES.put(MessageTypes.of(type).name(), type));
    }

    private final MessageCodec codec = new MessageCodec();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Map<Long, Script> scriptsByVariant = new ConcurrentHashMap<>();
    private final Map<Long, Script> scriptsByOrder = new ConcurrentHashMap<>();
    private final Map<Long, List<SagaMessage>> received = new ConcurrentHashMap<>();
    private final Map<Long, List<SagaMessage>> held = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean running = true;

    public ScriptedParticipants(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "scripted-participants-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer.subscribe(List.of(Topics.STOCK_COMMANDS, Topics.COUPON_COMMANDS, Topics.BALANCE_COMMANDS));
        loop = new Thread(this::run, "scripted-participants");
        loop.setDaemon(true);
        loop.start();
    }

    /** Answers the order that reserves {@code variantId} by {@code script}. */
    public Script script(long variantId, Script script) {
        scriptsByVariant.put(variantId, script);
        return script;
    }

    /** Every command received for the order, by type name, in the order they arrived. */
    public List<String> commands(long orderId) {
        return received.getOrDefault(orderId, List.of()).stream()
                .map(command -> command.getClass().getSimpleName()).toList();
    }

    public long count(long orderId, Class<? extends SagaMessage> type) {
        return received.getOrDefault(orderId, List.of()).stream().filter(type::isInstance).count();
    }

    /** The replies held back for the order so far. */
    public List<String> held(long orderId) {
        return held.getOrDefault(orderId, List.of()).stream().map(reply -> reply.getClass().getSimpleName()).toList();
    }

    /** Publishes the held replies of the order, in the order they were held (late) or the reverse (reordered). */
    public void releaseHeld(long orderId, boolean reversed) {
        List<SagaMessage> replies = new ArrayList<>(held.getOrDefault(orderId, List.of()));
        held.remove(orderId);
        if (reversed) {
            Collections.reverse(replies);
        }
        replies.forEach(reply -> publish(reply, UUID.randomUUID()));
    }

    /** Publishes a reply as a participant's relay would, under {@code eventId} (reuse one to redeliver). */
    public void publish(SagaMessage reply, UUID eventId) {
        try {
            producer.send(codec.record(reply, eventId, ZONE)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + reply, e);
        }
    }

    /** Sends without waiting: the poll loop flushes once per batch, so one slow acknowledgement does not pace every answer. */
    private void send(SagaMessage reply) {
        producer.send(codec.record(reply, UUID.randomUUID(), ZONE), (metadata, error) -> {
            if (error != null) {
                throw new IllegalStateException("could not publish " + reply, error);
            }
        });
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    MessageCodec.IncomingMessage incoming = codec.decode(record.value());
                    Class<? extends Message> type = TYPES.get(incoming.envelope().type());
                    if (type != null && codec.payload(incoming, type) instanceof SagaMessage command) {
                        answer(command);
                    }
                }
                producer.flush();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void answer(SagaMessage command) {
        long orderId = command.orderId();
        received.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(command);
        if (command instanceof ReserveStock reserve) {
            scriptsByOrder.computeIfAbsent(orderId, id -> reserve.items().stream()
                    .map(line -> scriptsByVariant.get(line.variantId()))
                    .filter(java.util.Objects::nonNull)
                    .findFirst().orElseGet(Script::succeeding));
        }
        Script script = scriptsByOrder.computeIfAbsent(orderId, id -> Script.succeeding());
        SagaMessage reply = replyTo(command, script);
        switch (script.delivery(command.getClass())) {
            case ANSWER -> send(reply);
            case TWICE -> {
                send(reply);
                send(reply);
            }
            case HOLD -> held.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(reply);
            case SILENT -> {
            }
        }
    }

    private static SagaMessage replyTo(SagaMessage command, Script script) {
        if (command instanceof ReserveStock reserve) {
            if (script.stockRejection() != null) {
                return new StockReservationFailed(reserve.orderId(), script.stockRejection(),
                        reserve.items().get(0).variantId(), "scripted rejection");
            }
            return new StockReserved(reserve.orderId(), reserve.items().stream()
                    .map(line -> new ReservedLine(line.variantId(), productOf(line.variantId()),
                            "product " + line.variantId(), "default", line.quantity(), script.unitPrice()))
                    .toList());
        }
        if (command instanceof UseCoupon use) {
            return script.couponRejection() != null
                    ? new CouponRejected(use.orderId(), use.userCouponId(), script.couponRejection(), "scripted rejection")
                    : new CouponApplied(use.orderId(), use.userCouponId(), Math.min(script.discount(), use.orderAmount()));
        }
        if (command instanceof DeductBalance deduct) {
            return script.balanceRejection() != null
                    ? new BalanceDeductionFailed(deduct.orderId(), deduct.userId(), script.balanceRejection(),
                    "scripted rejection")
                    : new BalanceDeducted(deduct.orderId(), deduct.userId(), deduct.amount(), "pay-" + deduct.orderId());
        }
        if (command instanceof RefundBalance refund) {
            return new BalanceRefunded(refund.orderId(), refund.userId(), 0);
        }
        if (command instanceof RestoreCoupon restore) {
            return new CouponRestored(restore.orderId(), restore.userCouponId());
        }
        if (command instanceof ReleaseStock release) {
            return new StockReleased(release.orderId());
        }
        throw new IllegalArgumentException("not a command: " + command);
    }

    /** The product a scripted variant belongs to. */
    public static long productOf(long variantId) {
        return variantId + 1_000_000;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close();
    }
}
