-- The outcome of a finished run, so that a repeated request (a redelivered job) is answered from
-- the journal instead of run again: the result's class and JSON when it succeeded, a summary of
-- the failure (category, message, failed step, what was reverted) when it failed.
ALTER TABLE journal_action ADD COLUMN outcome_type VARCHAR(300);
ALTER TABLE journal_action ADD COLUMN outcome_json TEXT;
