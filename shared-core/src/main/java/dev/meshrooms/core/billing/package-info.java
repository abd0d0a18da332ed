/**
 * What rooms' own shards cost and who pays for them: the list-price snapshot and estimates, the month so far, and
 * metered billing — hourly usage reported to the payment provider ({@link dev.meshrooms.core.billing.UsageReporter}),
 * rooms linked to a payer ({@link dev.meshrooms.core.billing.RoomBilling}). The provider is a port
 * ({@link dev.meshrooms.core.billing.PaymentProvider}); {@code billing.stripe} is its adapter.
 */
package dev.meshrooms.core.billing;
