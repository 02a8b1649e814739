package dev.flashsale.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP settings every service shares, under {@code flashsale.web}.
 *
 * @param maxRequestBytes   the largest request body a service reads (a plain number is bytes); larger is 413
 * @param gatewaySecret     GATEWAY_SECRET, at least 16 bytes, the same in the api-gateway and every service: the key
 *                          of the caller identity the gateway signs, and what an operator presents to the operator
 *                          endpoints; required outside the local profile
 * @param requireCaller     whether every request but probes and scrapes must carry a caller identity the gateway
 *                          signed; false only on the gateway itself, which authenticates its own callers
 */
@ConfigurationProperties("flashsale.web")
public record WebProperties(@DefaultValue("64KB") DataSize maxRequestBytes,
                            @DefaultValue("") String gatewaySecret,
                            @DefaultValue("true") boolean requireCaller) {

    public WebProperties {
        if (maxRequestBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("flashsale.web.max-request-bytes must be positive, was " + maxRequestBytes);
        }
    }
}
