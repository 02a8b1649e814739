package dev.flashsale.order.support;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.SagaMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the scripted participants answer one order: prices, discount, rejections, and per command type
 * whether to answer, answer twice, hold the answer back or stay silent. Changeable while the order
 * runs (a participant that comes back).
 */
public final class Script {

    /** What the participant does with a command of one type. */
    public enum Delivery {
        ANSWER, TWICE, HOLD, SILENT
    }

    private volatile long unitPrice = 1000;
    private volatile long discount;
    private volatile ErrorCode stockRejection;
    private volatile ErrorCode couponRejection;
    private volatile ErrorCode balanceRejection;
    private final Map<Class<?>, Delivery> deliveries = new ConcurrentHashMap<>();

    public static Script succeeding() {
        return new Script();
    }

    public Script unitPrice(long unitPrice) {
        this.unitPrice = unitPrice;
        return this;
    }

    public Script discount(long discount) {
        this.discount = discount;
        return this;
    }

    public Script rejectStock(ErrorCode reason) {
        this.stockRejection = reason;
        return this;
    }

    public Script rejectCoupon(ErrorCode reason) {
        this.couponRejection = reason;
        return this;
    }

    public Script rejectBalance(ErrorCode reason) {
        this.balanceRejection = reason;
        return this;
    }

    public Script on(Class<? extends SagaMessage> command, Delivery delivery) {
        deliveries.put(command, delivery);
        return this;
    }

    Delivery delivery(Class<?> command) {
        return deliveries.getOrDefault(command, Delivery.ANSWER);
    }

    long unitPrice() {
        return unitPrice;
    }

    long discount() {
        return discount;
    }

    ErrorCode stockRejection() {
        return stockRejection;
    }

    ErrorCode couponRejection() {
        return couponRejection;
    }

    ErrorCode balanceRejection() {
        return balanceRejection;
    }
}
