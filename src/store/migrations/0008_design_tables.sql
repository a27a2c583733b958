-- The credentials table takes the original design's name and `credentials` column. Rows sealed
-- before hold their one ciphertext there as a JSON string; they open as they did.
ALTER TABLE "workspace_credentials" RENAME TO "workspace_api_credentials";--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" RENAME CONSTRAINT "workspace_credentials_pkey" TO "workspace_api_credentials_pkey";--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" RENAME CONSTRAINT "workspace_credentials_workspace_id_workspaces_id_fk" TO "workspace_api_credentials_workspace_id_workspaces_id_fk";--> statement-breakpoint
ALTER INDEX "workspace_credentials_service_key" RENAME TO "workspace_api_credentials_unique";--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" ADD COLUMN "credentials" jsonb;--> statement-breakpoint
UPDATE "workspace_api_credentials" SET "credentials" = to_jsonb("ciphertext");--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" ALTER COLUMN "credentials" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" DROP COLUMN "ciphertext";--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "idx_workspace_api_credentials_workspace" ON "workspace_api_credentials" USING btree ("workspace_id");--> statement-breakpoint
-- Templates: a uuid id, the connector's own columns, and the design's counters. The slug stays, unique.
ALTER TABLE "connector_templates" DROP CONSTRAINT "connector_templates_pkey";--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "connector_templates_slug_key" ON "connector_templates" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "connector_templates_name_unique" ON "connector_templates" USING btree ("name");--> statement-breakpoint
ALTER TABLE "connector_templates" ALTER COLUMN "description" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" ALTER COLUMN "category" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "config" jsonb;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "input_schema" jsonb;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "field_mappings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "connector_templates" SET
  "type" = COALESCE("definition"->>'type', CASE WHEN "definition" ? 'steps' THEN 'multi-step' ELSE 'single-step' END),
  "config" = CASE WHEN "definition" ? 'steps'
    THEN jsonb_build_object('steps', "definition"->'steps', 'finalMapping', COALESCE("definition"->'finalMapping', "definition"->'final_mapping', '{}'::jsonb))
    ELSE COALESCE("definition"->'config', '{}'::jsonb) END,
  "input_schema" = COALESCE("definition"->'input_schema', "definition"->'inputSchema'),
  "field_mappings" = COALESCE("definition"->'field_mappings', "definition"->'fieldMappings', '[]'::jsonb);--> statement-breakpoint
ALTER TABLE "connector_templates" ALTER COLUMN "type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" ALTER COLUMN "config" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" DROP COLUMN "definition";--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "is_featured" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "usage_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "connector_templates" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- The design's indexes and constraint names.
ALTER INDEX "connectors_workspace_name_key" RENAME TO "connectors_workspace_name_unique";--> statement-breakpoint
CREATE INDEX "idx_connectors_workspace" ON "connectors" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "idx_connectors_category" ON "connectors" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_connectors_enabled" ON "connectors" USING btree ("enabled");--> statement-breakpoint
DROP INDEX "connector_executions_created_idx";--> statement-breakpoint
CREATE INDEX "idx_connector_executions_connector" ON "connector_executions" USING btree ("connector_id");--> statement-breakpoint
CREATE INDEX "idx_connector_executions_workspace" ON "connector_executions" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "idx_connector_executions_contact" ON "connector_executions" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "idx_connector_executions_status" ON "connector_executions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_connector_executions_created" ON "connector_executions" USING btree ("created_at" DESC NULLS LAST);
