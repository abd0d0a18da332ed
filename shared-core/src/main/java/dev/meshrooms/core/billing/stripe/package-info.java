/** The payment provider port on Stripe (stripe-java): meter events, customers, Checkout, the Customer Portal, webhook signatures. */
package dev.meshrooms.core.billing.stripe;
