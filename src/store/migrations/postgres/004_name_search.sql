-- Name search that reads a page, not every match. Staff type the first letters of
-- a name; a frequent prefix matches tens of thousands of words in a region, so
-- the page (newest first) must come straight from an index in id order:
--   * words grouped by their first three letters, in application order, for
--     queries of three letters or more;
--   * each application's words, for checking one application against a shorter
--     query while walking the region's applications in id order.
CREATE INDEX application_tokens_bucket
    ON application_tokens (program_id, region, substr(token, 1, 3), application_id, token);
DROP INDEX application_tokens_by_application;
CREATE INDEX application_tokens_by_application ON application_tokens (application_id, token);
