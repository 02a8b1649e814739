package dev.flashsale.localstack;

import java.util.Objects;

/**
 * PostgreSQL and Kafka that the stack does not run itself (e.g. containers started by a test): the services are
 * pointed at them, the stack creates its databases there, and it neither stops nor kills them.
 *
 * @param postgresHost          PostgreSQL's host, as the services' processes reach it
 * @param postgresPort          its port
 * @param user                  a user that may create databases, replication slots and publications
 * @param password              that user's password
 * @param kafkaBootstrapServers the broker's bootstrap address, as the services' processes reach it
 */
public record ExternalInfrastructure(String postgresHost, int postgresPort, String user, String password,
                                     String kafkaBootstrapServers) {

    public ExternalInfrastructure {
        Objects.requireNonNull(postgresHost, "postgresHost");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
    }
}
