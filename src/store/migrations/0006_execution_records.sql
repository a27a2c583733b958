-- Execution records as the original design's connector_executions: steps_executed is the list of
-- step results (made from each run's trace), current_step the id of the step running,
-- execution_time_ms the run's time; error_stack and trigger_run_id are added.
ALTER TABLE "connector_executions" RENAME COLUMN "duration_ms" TO "execution_time_ms";--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "error_stack" text;--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "trigger_run_id" text;--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "step_results" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "connector_executions" SET "step_results" = (
  SELECT coalesce(jsonb_agg(jsonb_build_object('step_id', step->>'id', 'step_name', step->>'name', 'status', step->>'status', 'duration_ms', coalesce(to_jsonb(round((step->>'durationMs')::numeric)::integer), '0'::jsonb), 'response', coalesce(step#>'{response,body}', 'null'::jsonb), 'output', coalesce(step->'outputs', '{}'::jsonb)) ORDER BY position), '[]'::jsonb)
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof("steps") = 'array' THEN "steps" ELSE '[]'::jsonb END) WITH ORDINALITY AS trace(step, position)
);--> statement-breakpoint
ALTER TABLE "connector_executions" DROP COLUMN "steps_executed";--> statement-breakpoint
ALTER TABLE "connector_executions" RENAME COLUMN "step_results" TO "steps_executed";--> statement-breakpoint
-- A running step was known by its position; it is known by its id from the next step on.
ALTER TABLE "connector_executions" ALTER COLUMN "current_step" SET DATA TYPE text USING NULL;
