package dev.flashsale.order.saga.domain;

/** What the saga knows of one participant's part of the order. */
public enum Effect {
    /** Never asked: skipped (no coupon on the order), or the saga failed before this step. */
    NONE,
    /** The command is out; the outcome is unknown (no reply yet, or none before the deadline). */
    REQUESTED,
    /** The participant did it: stock held for the order, coupon used, money deducted. */
    DONE,
    /** The participant said no and did nothing; nothing to undo. */
    REJECTED,
    /** The compensation is out and not yet acknowledged. */
    UNDOING,
    /** The participant acknowledged the compensation: nothing of this order is held there any more. */
    UNDONE
}
