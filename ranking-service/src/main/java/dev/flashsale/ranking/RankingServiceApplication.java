package dev.flashsale.ranking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Daily sales per product from completed orders, the aggregation batch and the top 5 of the last three days. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RankingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RankingServiceApplication.class, args);
    }
}
