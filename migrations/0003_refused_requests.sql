-- A request refused at the edge (expired URL, missing or wrong second factor) is recorded once, with
-- the number of tools/call messages it held, instead of once per message (docs/STORAGE.md).
ALTER TABLE tool_calls ADD COLUMN refused_messages INTEGER;  -- null for calls; the count for a refused request's row
-- The client's W3C trace id (traceparent header or the message's _meta.traceparent), when it sent one.
ALTER TABLE tool_calls ADD COLUMN trace_id TEXT;
