package dev.flashsale.balance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Users' accounts, balances and the ledger of every charge, payment and refund; the payment step of the order saga. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BalanceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(BalanceServiceApplication.class, args);
    }
}
