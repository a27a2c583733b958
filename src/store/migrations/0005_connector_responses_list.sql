-- A contact's record of runs becomes the original design's list: each run an entry, oldest first,
-- `at` named `executed_at`; runs noted before kept no raw response.
UPDATE "contacts" SET "metadata" = jsonb_set("metadata", '{connector_responses}', (
  SELECT coalesce(jsonb_agg((entry - 'at') || jsonb_build_object('executed_at', entry->'at', 'raw_response', null) ORDER BY entry->>'at'), '[]'::jsonb)
  FROM jsonb_each("metadata"->'connector_responses') AS noted(connector, entries), jsonb_array_elements(CASE WHEN jsonb_typeof(entries) = 'array' THEN entries ELSE '[]'::jsonb END) AS entry
))
WHERE jsonb_typeof("metadata"->'connector_responses') = 'object';
