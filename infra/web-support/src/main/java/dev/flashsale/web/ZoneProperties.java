package dev.flashsale.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.ZoneId;

/**
 * The one time zone of the system, {@code flashsale.zone} ({@code FLASHSALE_ZONE}): where a sale's day begins and
 * ends, and the offset of every time a service writes. The {@link java.time.Clock} of every service is in it, and
 * the messaging library's envelopes and ranking-service's days follow it ({@link ServiceDefaults}).
 *
 * @param zone the time zone of the whole system (FLASHSALE_ZONE): the services' clocks, the messaging envelopes'
 *             offsets, the ranking's days
 */
@ConfigurationProperties("flashsale")
public record ZoneProperties(@DefaultValue(ZoneProperties.DEFAULT) ZoneId zone) {

    /** The flash sales this system was built for run in Korea. */
    public static final String DEFAULT = "Asia/Seoul";
}
