package dev.flashsale.messaging.autoconfigure;

import dev.flashsale.contracts.Topics;
import dev.flashsale.messaging.BatchRecordFailure;
import dev.flashsale.messaging.IdempotentRequests;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.JdbcOutbox;
import dev.flashsale.messaging.MalformedMessageException;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.messaging.MessagingMetrics;
import dev.flashsale.messaging.MessagingProperties;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.messaging.RecordTracing;
import dev.flashsale.messaging.TransientFailures;
import dev.flashsale.messaging.listeners.ConsumedRecordLog;
import dev.flashsale.messaging.listeners.KafkaListenersHealthIndicator;
import dev.flashsale.messaging.listeners.ListenerAssignments;
import dev.flashsale.messaging.operations.DeadLetters;
import dev.flashsale.messaging.operations.DeadLettersEndpoint;
import dev.flashsale.messaging.operations.OutboxEndpoint;
import dev.flashsale.messaging.operations.OutboxReplay;
import dev.flashsale.messaging.relay.OutboxRelay;
import dev.flashsale.messaging.relay.OutboxRelayHealthIndicator;
import dev.flashsale.messaging.relay.RelayConfiguration;
import dev.flashsale.messaging.relay.RelayConnections;
import dev.flashsale.messaging.relay.RelayLeadership;
import dev.flashsale.messaging.relay.RelayPacer;
import dev.flashsale.messaging.relay.ReplicationSlot;
import dev.flashsale.messaging.scheduling.OncePerTick;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.function.SingletonSupplier;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gives a service its outbox, relay, inbox, idempotency keys, dead letters and their metrics as soon
 * as this library is on its classpath with a PostgreSQL datasource and Kafka.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    MessagingSchema messagingSchema(DataSource dataSource) {
        return new MessagingSchema(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    MessagingMetrics messagingMetrics(MeterRegistry registry) {
        return new MessagingMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(MessagingSchema schema, JdbcTemplate jdbc, MessageCodec codec, ObjectProvider<Clock> clock,
                  ObjectProvider<Tracer> tracer, MessagingProperties properties, ObjectProvider<OutboxRelay> relay) {
        Supplier<OutboxRelay> relays = lookedUpOnce(relay);
        return new JdbcOutbox(jdbc, codec, clock.getIfAvailable(Clock::systemUTC), properties.zone(), traceparent(tracer),
                () -> {
                    OutboxRelay current = relays.get();
                    if (current != null) {
                        current.walChanged();
                    }
                });
    }

    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(MessagingSchema schema, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                MessageCodec codec, MessagingMetrics metrics, ObjectProvider<Tracer> tracer,
                ObjectProvider<Propagator> propagator) {
        return new Inbox(jdbc, new TransactionTemplate(transactionManager), codec, metrics,
                new RecordTracing(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP)));
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentRequests idempotentRequests(MessagingSchema schema, JdbcTemplate jdbc,
                                          PlatformTransactionManager transactionManager, MessageCodec codec) {
        return new IdempotentRequests(jdbc, new TransactionTemplate(transactionManager), codec);
    }

    /** Runs a scheduled job on one replica per tick; every service may use it for its own jobs. */
    @Bean
    @ConditionalOnMissingBean
    OncePerTick oncePerTick(MessagingSchema schema, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new OncePerTick(jdbc, transactionManager);
    }

    @Bean
    MessagingHousekeeping messagingHousekeeping(MessagingSchema schema, JdbcTemplate jdbc, MessagingProperties properties,
                                                ObjectProvider<Clock> clock, OncePerTick ticks) {
        return new MessagingHousekeeping(jdbc, properties.retention(), clock.getIfAvailable(Clock::systemUTC), ticks);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flashsale.messaging.relay.enabled", matchIfMissing = true)
    ReplicationSlot outboxReplicationSlot(MessagingSchema schema, JdbcTemplate jdbc, MessagingProperties properties,
                                          MeterRegistry registry) {
        ReplicationSlot slot = ReplicationSlot.named(properties.relay().slotName(), jdbc);
        slot.ensureExists(jdbc);
        Gauge.builder("messaging.relay.slot.retained.wal", () -> slot.retainedWalBytes(jdbc))
                .description("Bytes of WAL the outbox relay's replication slot holds back")
                .baseUnit("bytes").tag("slot", slot.name()).register(registry);
        return slot;
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flashsale.messaging.relay.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(ReplicationSlot slot, DataSourceProperties dataSource, KafkaProperties kafka,
                            MessagingMetrics metrics, MessagingProperties properties, MeterRegistry registry) {
        Map<String, Object> producerConfig = relayProducerConfig(kafka, slot.name());
        MessagingProperties.Relay settings = properties.relay();
        RelayPacer pacer = settings.adaptivePacing()
                ? new RelayPacer(slot.name() + "-" + UUID.randomUUID(), settings.pollInterval(),
                settings.pollIntervalMax(), settings.idlePollInterval(), settings.quietAfter())
                : null;
        String url = dataSource.determineUrl();
        String user = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        OutboxRelay relay = new OutboxRelay(
                () -> RelayConfiguration.of(url, user, password, slot, settings, pacer),
                () -> new KafkaProducer<>(producerConfig),
                () -> new RelayLeadership(() -> RelayConnections.open(url, user, password, "outbox-relay-leadership"), slot.name()),
                pacer, metrics, settings);
        Gauge.builder("messaging.relay.streaming", relay, r -> r.isStreaming() ? 1 : 0)
                .description("1 while this instance's outbox relay streams from its slot").register(registry);
        Gauge.builder("messaging.relay.leader", relay, r -> r.role() == OutboxRelay.Role.LEADER ? 1 : 0)
                .description("1 while this instance leads its database's outbox relay, 0 while it stands by")
                .register(registry);
        return relay;
    }

    /**
     * The relay's producer: every record acknowledged by all in-sync replicas, idempotent, never given up on (while
     * the broker is away the relay waits, and the slot keeps the WAL). Not compressed unless
     * {@code spring.kafka.producer.compression-type} says so: at a saga's rates a relay batch holds a few small
     * records, and lz4 cost more in the relay, the broker and every consumer than it saved (docs/benchmarks.md,
     * "The relay's records not compressed").
     */
    static Map<String, Object> relayProducerConfig(KafkaProperties kafka, String slotName) {
        Map<String, Object> producerConfig = kafka.buildProducerProperties();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE);
        producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        producerConfig.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + slotName);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return producerConfig;
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flashsale.messaging.relay.enabled", matchIfMissing = true)
    OutboxRelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay, ReplicationSlot slot, JdbcTemplate jdbc) {
        return new OutboxRelayHealthIndicator(relay, slot, jdbc);
    }

    /** Tells the listeners' health which consumers have their assignment; Boot gives it to every container. */
    @Bean
    @ConditionalOnMissingBean(ConsumerAwareRebalanceListener.class)
    ListenerAssignments listenerAssignments() {
        return new ListenerAssignments();
    }

    @Bean
    KafkaListenersHealthIndicator kafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry,
                                                                ObjectProvider<ListenerAssignments> assignments) {
        return new KafkaListenersHealthIndicator(registry, assignments.getIfAvailable());
    }

    /** A log line per consumed record, in the trace it continued (see the class). */
    @Bean
    ConsumedRecordLog consumedRecordLog(ObjectProvider<Tracer> tracer) {
        return new ConsumedRecordLog(tracer.getIfAvailable(() -> Tracer.NOOP));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flashsale.messaging.topics.create", matchIfMissing = true)
    KafkaAdmin.NewTopics flashsaleTopics(MessagingProperties properties) {
        return new KafkaAdmin.NewTopics(topics(properties.topics()).toArray(NewTopic[]::new));
    }

    /** Every topic of {@link Topics} and its dead-letter topic, replicated as configured. */
    static List<NewTopic> topics(MessagingProperties.TopicSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                topics.add(TopicBuilder.name(name)
                        .partitions(settings.partitions())
                        .replicas(settings.replicas())
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()))
                        .build());
            }
        }
        return topics;
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(KafkaProperties kafka, KafkaListenerEndpointRegistry listeners) {
        Map<String, Object> connection = kafka.buildAdminProperties();
        return new DeadLetters(connection, () -> {
            Map<String, String> groupByTopic = new TreeMap<>();
            for (MessageListenerContainer container : listeners.getListenerContainers()) {
                String[] topics = container.getContainerProperties().getTopics();
                if (topics != null && container.getGroupId() != null) {
                    for (String topic : topics) {
                        groupByTopic.putIfAbsent(topic, container.getGroupId());
                    }
                }
            }
            return groupByTopic;
        });
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLettersEndpoint deadLettersEndpoint(DeadLetters deadLetters) {
        return new DeadLettersEndpoint(deadLetters);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxEndpoint outboxEndpoint(MessagingSchema schema, JdbcTemplate jdbc) {
        return new OutboxEndpoint(new OutboxReplay(jdbc));
    }

    /**
     * What a listener does with a message its handler fails on. A transient failure (the database or the broker
     * away, a pool or lock timeout, a serialization failure or deadlock: {@link TransientFailures}) is retried with
     * exponential back-off up to {@code consumer.transient-max-backoff} for as long as it lasts, holding the
     * partition: an outage parks no good message. Any other failure is retried {@code consumer.max-attempts} times,
     * then the message goes to {@code <topic>.dlq} with the exception in its headers, and the partition goes on. An
     * unreadable message skips the retries. Works for record and batch listeners ({@link BatchRecordFailure}).
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetteringErrorHandler(KafkaOperations<Object, Object> kafka, MessagingMetrics metrics,
                                                  MessagingProperties properties) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        MessagingProperties.Consumer settings = properties.consumer();
        ExponentialBackOffWithMaxRetries bounded = new ExponentialBackOffWithMaxRetries(Math.max(0, settings.maxAttempts() - 1));
        bounded.setInitialInterval(settings.initialBackoff().toMillis());
        bounded.setMultiplier(2.0);
        bounded.setMaxInterval(settings.maxBackoff().toMillis());
        ExponentialBackOff whileItLasts = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        whileItLasts.setMaxInterval(settings.transientMaxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            deadLetters.accept(record, exception);
            metrics.deadLettered(record.topic());
        }, bounded);
        handler.setBackOffFunction((record, exception) -> isTransient(exception) ? whileItLasts : null);
        handler.addNotRetryableExceptions(MalformedMessageException.class);
        // A retry is handed the records the consumer already holds, after the back-off, with the partitions paused;
        // a seek would wait for the fetch in flight first (up to fetch-max-wait, 2 s) and turn every back-off into it.
        handler.setSeekAfterError(false);
        return handler;
    }

    /** A batch's failed record says which kind it is; anything else is judged by its causes. */
    private static boolean isTransient(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BatchRecordFailure failure) {
                return failure instanceof BatchRecordFailure.Transient;
            }
        }
        return TransientFailures.isTransient(exception);
    }

    private static Supplier<String> traceparent(ObjectProvider<Tracer> tracers) {
        Supplier<Tracer> tracer = lookedUpOnce(tracers);
        return () -> {
            Tracer current = tracer.get();
            Span span = current == null ? null : current.currentSpan();
            if (span == null) {
                return null;
            }
            return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
                    + (Boolean.TRUE.equals(span.context().sampled()) ? "01" : "00");
        };
    }

    /**
     * The bean {@code provider} gives (null when there is none), looked up on first use and then kept: the outbox asks
     * for the tracer and the relay on every append and commit, and a lookup in the bean factory each time was a few
     * per cent of a listener's CPU in the profile (docs/benchmarks.md).
     */
    private static <T> Supplier<T> lookedUpOnce(ObjectProvider<T> provider) {
        Supplier<Optional<T>> once = SingletonSupplier.of(() -> Optional.ofNullable(provider.getIfAvailable()));
        return () -> once.get().orElse(null);
    }
}
