/** Load scenarios, the correctness checker and failure injection against the local stack. */
package dev.flashsale.loadtest;
