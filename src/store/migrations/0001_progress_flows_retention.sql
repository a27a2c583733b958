CREATE TABLE "connector_rate_windows" (
	"connector_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "connector_rate_windows_connector_id_window_start_pk" PRIMARY KEY("connector_id","window_start")
);
--> statement-breakpoint
CREATE TABLE "flow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"flow_id" uuid,
	"contact_id" uuid,
	"batch_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"actions" jsonb NOT NULL,
	"current_action" integer,
	"actions_done" integer DEFAULT 0 NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_message" text,
	"triggered_by" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"actions" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "current_step" integer;--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "steps_executed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "flow_run_id" uuid;--> statement-breakpoint
ALTER TABLE "connector_executions" ADD COLUMN "action_index" integer;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "rate_limit" jsonb;--> statement-breakpoint
ALTER TABLE "connector_rate_windows" ADD CONSTRAINT "connector_rate_windows_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flows" ADD CONSTRAINT "flows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flow_runs_flow_idx" ON "flow_runs" USING btree ("workspace_id","flow_id","created_at");--> statement-breakpoint
CREATE INDEX "flow_runs_batch_idx" ON "flow_runs" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "flow_runs_created_idx" ON "flow_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flows_workspace_name_key" ON "flows" USING btree ("workspace_id","name");--> statement-breakpoint
ALTER TABLE "connector_executions" ADD CONSTRAINT "connector_executions_flow_run_id_flow_runs_id_fk" FOREIGN KEY ("flow_run_id") REFERENCES "public"."flow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "connector_executions_flow_action_key" ON "connector_executions" USING btree ("flow_run_id","action_index");--> statement-breakpoint
CREATE INDEX "connector_executions_created_idx" ON "connector_executions" USING btree ("created_at");