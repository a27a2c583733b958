-- The original design's names for a connector's counts, and its function that counts a run.
ALTER TABLE "connectors" RENAME COLUMN "execution_count" TO "total_executions";--> statement-breakpoint
ALTER TABLE "connectors" RENAME COLUMN "success_count" TO "successful_executions";--> statement-breakpoint
ALTER TABLE "connectors" RENAME COLUMN "failure_count" TO "failed_executions";--> statement-breakpoint
ALTER TABLE "connectors" ALTER COLUMN "total_executions" SET DATA TYPE integer;--> statement-breakpoint
ALTER TABLE "connectors" ALTER COLUMN "successful_executions" SET DATA TYPE integer;--> statement-breakpoint
ALTER TABLE "connectors" ALTER COLUMN "failed_executions" SET DATA TYPE integer;--> statement-breakpoint
CREATE OR REPLACE FUNCTION increment_connector_stats(p_connector_id uuid, p_success boolean, p_runs integer DEFAULT 1) RETURNS void AS $$
  UPDATE connectors SET
    total_executions = total_executions + p_runs,
    successful_executions = successful_executions + CASE WHEN p_success THEN p_runs ELSE 0 END,
    failed_executions = failed_executions + CASE WHEN p_success THEN 0 ELSE p_runs END,
    last_executed_at = now()
  WHERE id = p_connector_id;
$$ LANGUAGE sql;
