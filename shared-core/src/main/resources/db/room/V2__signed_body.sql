-- When an import rewrites links in a body (old CDN URLs → local media paths), the body as its author signed it is
-- kept here so the original signature still verifies. NULL: the body is the signed one.
ALTER TABLE messages ADD COLUMN signed_body text;
