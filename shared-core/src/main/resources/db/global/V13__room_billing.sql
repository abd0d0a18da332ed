-- Who pays for a room beyond the free tier: the billing customer (and subscription) linked to it. A room without one
-- is held to the free tier where the instance enforces it.
ALTER TABLE rooms ADD COLUMN billing_customer text;
ALTER TABLE rooms ADD COLUMN billing_subscription text;
