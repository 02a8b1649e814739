package dev.flashsale.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.flashsale.embedded.EmbeddedPostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SharedInfrastructureIT {

    @Test
    void everyCallerGetsADatabaseOfItsOwnOnTheOneServer() throws Exception {
        String first = SharedInfrastructure.newDatabase("orders");
        String second = SharedInfrastructure.newDatabase("orders");

        assertThat(first).isNotEqualTo(second);
        try (Connection connection = DriverManager.getConnection(first, EmbeddedPostgresServer.USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection connection = DriverManager.getConnection(second, EmbeddedPostgresServer.USER, "");
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'");
             ResultSet walLevel = connection.createStatement().executeQuery("SHOW wal_level")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
            walLevel.next();
            assertThat(walLevel.getString(1)).isEqualTo("logical");
        }
        assertThat(SharedInfrastructure.postgres()).isSameAs(SharedInfrastructure.postgres());
    }

    @Test
    void theBrokerIsSharedAndAnswers() throws Exception {
        assertThat(SharedInfrastructure.kafka()).isSameAs(SharedInfrastructure.kafka());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void theArchitectureRulesCatchADomainThatLeansOnSpringOrTheWebLayer() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.flashsale.fixture");

        assertThat(ServiceArchitecture.domainIsPlainJava.evaluate(fixture).hasViolation()).isTrue();
    }
}
