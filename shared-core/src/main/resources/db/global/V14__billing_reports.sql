-- Metered billing: what has been reported to the payment provider, per room and meter, and how a room got its payer.

-- When the room was linked to its payer (metering starts with the hour it was linked in), the subscription's state as
-- the provider last told it, the creation time of the provider event that told it (older events are not applied
-- again), and a permanent reporting error, shown to the instance admin until the link is renewed.
ALTER TABLE rooms ADD COLUMN billing_linked_at timestamptz;
ALTER TABLE rooms ADD COLUMN billing_status text;
ALTER TABLE rooms ADD COLUMN billing_event_at timestamptz;
ALTER TABLE rooms ADD COLUMN billing_error text;
ALTER TABLE rooms ADD COLUMN billing_error_at timestamptz;
-- rooms given a subscription by hand before metering existed are metered from now on, not from their first day
UPDATE rooms SET billing_linked_at = now() WHERE billing_subscription IS NOT NULL;

-- Reported-until watermark per room and meter: every hour before reported_until has been sent, none after. carry is
-- the fraction of a unit not yet reported (the provider takes whole units), handed to the next hour. A watermark
-- belongs to one subscription: a room's new subscription starts its own, and a reporter still holding the old one
-- finds nothing to move.
CREATE TABLE billing_watermarks (
    room_id        uuid             NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    meter          text             NOT NULL,
    subscription   text             NOT NULL,
    reported_until timestamptz      NOT NULL,
    carry          double precision NOT NULL DEFAULT 0 CHECK (carry >= 0 AND carry < 1),
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, meter)
);

-- Checkout sessions this instance started, so a webhook links only a session it knows to the room it was made for.
CREATE TABLE billing_checkouts (
    session_id  text        PRIMARY KEY,
    room_id     uuid        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    customer    text        NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);
CREATE INDEX billing_checkouts_room_idx ON billing_checkouts (room_id, created_at);

-- Provider events already handled: a replayed or re-delivered event is acknowledged and not applied twice.
CREATE TABLE billing_events (
    event_id    text        PRIMARY KEY,
    type        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_events_received_idx ON billing_events (received_at);
