ALTER TABLE "connector_executions" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "rate_limit_windows" ADD COLUMN "runs" integer DEFAULT 0 NOT NULL;