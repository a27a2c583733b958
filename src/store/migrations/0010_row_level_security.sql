-- Row-level security, a second wall behind the API's own workspace checks. The API's queries run
-- as connectors_api, which sees only the rows of the workspace its transaction names
-- (connectors.workspace_id); the connecting role owns the tables and is not subject to it.
DO $$ BEGIN
  CREATE ROLE connectors_api NOLOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('GRANT connectors_api TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO connectors_api;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO connectors_api;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO connectors_api;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION increment_connector_stats(uuid, boolean, integer) TO connectors_api;--> statement-breakpoint
CREATE OR REPLACE FUNCTION connectors_workspace() RETURNS uuid AS $$
  SELECT nullif(current_setting('connectors.workspace_id', true), '')::uuid
$$ LANGUAGE sql STABLE;--> statement-breakpoint
ALTER TABLE "workspaces" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "workspaces" TO connectors_api USING ("id" = connectors_workspace()) WITH CHECK ("id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "workspace_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "workspace_members" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "contacts" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "connectors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "connectors" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "connector_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "connector_versions" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "connector_executions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "connector_executions" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "flows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "flows" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "flow_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "flow_runs" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "workspace_api_credentials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "workspace_api_credentials" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "audit_log" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "rate_limit_windows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "rate_limit_windows" TO connectors_api USING ("workspace_id" = connectors_workspace()) WITH CHECK ("workspace_id" = connectors_workspace());--> statement-breakpoint
ALTER TABLE "connector_rate_windows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "workspace_isolation" ON "connector_rate_windows" TO connectors_api USING ("connector_id" IN (SELECT "id" FROM "connectors")) WITH CHECK ("connector_id" IN (SELECT "id" FROM "connectors"));
