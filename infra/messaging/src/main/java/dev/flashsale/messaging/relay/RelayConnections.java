package dev.flashsale.messaging.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections of the relay's own, outside the service's pool. */
public final class RelayConnections {

    private RelayConnections() {
    }

    /**
     * A new connection that notices a dead peer: a socket timeout above any query the relay runs, TCP
     * keep-alive, and an application name that tells an operator in {@code pg_stat_activity} what it is.
     */
    public static Connection open(String jdbcUrl, String user, String password, String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
