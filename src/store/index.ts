import { AuditRepository } from './audit.ts';
import { ConnectorRepository } from './connectors.ts';
import { ContactRepository } from './contacts.ts';
import { CredentialRepository } from './credentials.ts';
import { ExecutionRepository } from './executions.ts';
import { FlowRepository } from './flows.ts';
import { FlowRunRepository } from './flow-runs.ts';
import type { Database } from './database.ts';
import { RateLimitRepository } from './rate-limits.ts';
import type { SecretBox } from './secret-box.ts';
import { TemplateRepository } from './templates.ts';
import { UserRepository } from './users.ts';
import { WorkspaceRepository } from './workspaces.ts';

/** One repository per table; every workspace-owned read and write is scoped by workspace id. */
export class Store {
  readonly database: Database;
  readonly audit: AuditRepository;
  readonly users: UserRepository;
  readonly workspaces: WorkspaceRepository;
  readonly contacts: ContactRepository;
  readonly connectors: ConnectorRepository;
  readonly credentials: CredentialRepository;
  readonly executions: ExecutionRepository;
  readonly flows: FlowRepository;
  readonly flowRuns: FlowRunRepository;
  readonly templates: TemplateRepository;
  readonly rateLimits: RateLimitRepository;
  /** Seals what the server hands out to come back unread and unchanged (an OAuth `state`). */
  readonly box: SecretBox;

  constructor(database: Database, box: SecretBox, options: { responsesKept?: number } = {}) {
    const { db } = database;
    this.database = database;
    this.box = box;
    this.audit = new AuditRepository(db);
    this.users = new UserRepository(db);
    this.workspaces = new WorkspaceRepository(db, this.audit);
    this.contacts = new ContactRepository(db, this.audit);
    this.connectors = new ConnectorRepository(db, this.audit);
    this.credentials = new CredentialRepository(db, this.audit, box);
    this.executions = new ExecutionRepository(db, options.responsesKept);
    this.flows = new FlowRepository(db, this.audit);
    this.flowRuns = new FlowRunRepository(db);
    this.templates = new TemplateRepository(db);
    this.rateLimits = new RateLimitRepository(db);
  }

  /** Deletes executions and flow runs that finished and were made more than `days` ago. */
  async prune(days: number): Promise<{ executions: number; flowRuns: number }> {
    const cutoff = new Date(Date.now() - days * 86_400_000);
    return { flowRuns: await this.flowRuns.prune(cutoff), executions: await this.executions.prune(cutoff) };
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

export { isUuid } from './ids.ts';
export { inWorkspace, openDatabase, isUniqueViolation, listen, type Database, type Db } from './database.ts';
export { describeError, isConnectionFailure, loggableError } from './database-errors.ts';
export { isUnstorable } from './storable.ts';
export { SecretBox } from './secret-box.ts';
export { connectorRefusal, DEFAULT_RESPONSES_KEPT } from './executions.ts';
export { columnsFromDocument, documentFromRow, definitionFromRow, StoredDefinitionError, type ConnectorDocument } from './connector-document.ts';
export type { Connector } from './connectors.ts';
export type { Contact, ContactFields } from './contacts.ts';
export type { EnqueueWithin, Execution, ExecutionStatus, Queued, Refusal } from './executions.ts';
export type { Flow } from './flows.ts';
export type { FlowRun, FlowRunStatus } from './flow-runs.ts';
export type { ContactFilter } from './contacts.ts';
export type { ActionResult, ConditionAction, ConnectorAction, FlowAction, Role } from './schema.ts';
export type { Workspace } from './workspaces.ts';
export { EXECUTION_STATUSES, FLOW_RUN_STATUSES, ROLES } from './schema.ts';
