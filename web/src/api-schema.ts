// Generated from the OpenAPI document by `npm run api:types`; do not edit.

export interface paths {
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who created, changed, deleted or ran what, when */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connector-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List connector templates */
        get: operations["listTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connector-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a template */
        get: operations["getTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connector-templates/{id}/install": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Install a template into the workspace
         * @description Creates a connector from the template and stores any credentials given; the answer says which credentials it still needs.
         */
        post: operations["installTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List connectors */
        get: operations["listConnectors"];
        put?: never;
        /**
         * Create a connector
         * @description Accepts both formats of the original design verbatim.
         */
        post: operations["createConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a connector */
        get: operations["getConnector"];
        /**
         * Replace a connector
         * @description The definition it replaces is kept as a version.
         */
        put: operations["replaceConnector"];
        post?: never;
        /** Delete a connector */
        delete: operations["deleteConnector"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a connector
         * @description Top-level keys replace those of the stored definition (`enabled`, `name`, `steps`, ...); the result is checked whole.
         */
        patch: operations["updateConnector"];
        trace?: never;
    };
    "/api/v1/connectors/{id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a connector
         * @description The copy is named `NAME (copy)` unless a name is given.
         */
        post: operations["cloneConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a run of a connector
         * @description Answers at once with the execution id; the run happens on a worker, which applies the patch to the contact. Counts toward the rate limit. With `contact_ids`, one run per contact, all queued at once.
         */
        post: operations["executeConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs of a connector */
        get: operations["listConnectorExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a connector now and see what it would do
         * @description Runs through the same engine as executions, against the live API, and returns the trace and the patch it would apply. Changes nothing. Counts toward the rate limit.
         */
        post: operations["testConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Earlier definitions of a connector */
        get: operations["listConnectorVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an earlier definition current again
         * @description The definition it replaces is kept as a version too.
         */
        post: operations["restoreConnectorVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a draft connector from cURL commands, an OpenAPI operation or a Postman collection
         * @description Nothing is saved unless `store_credentials` is set; the draft is checked by saving it (`POST /connectors`). An OpenAPI document named without `operation` answers its operations instead.
         */
        post: operations["importConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a definition that is not saved yet and see what it would do
         * @description What the connector builder tests a draft with: the same engine, run context and rate limit as a stored connector's test. Changes nothing. Errors in the definition are named under `definition`.
         */
        post: operations["testDraftConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a definition without saving it */
        post: operations["validateConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List contacts */
        get: operations["listContacts"];
        put?: never;
        /** Create a contact */
        post: operations["createContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a contact
         * @description `metadata.connector_responses` holds the raw response of each connector that ran for it.
         */
        get: operations["getContact"];
        put?: never;
        post?: never;
        /** Delete a contact */
        delete: operations["deleteContact"];
        options?: never;
        head?: never;
        /**
         * Change fields of a contact
         * @description Only the fields given change; `null` empties one.
         */
        patch: operations["updateContact"];
        trace?: never;
    };
    "/api/v1/contacts/{id}/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs made for a contact */
        get: operations["listContactExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create up to 1,000 contacts at once (a CSV import's batch)
         * @description All are written, in one transaction, or none: a bad row fails the batch with its index (`contacts[12].email`).
         */
        post: operations["createContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every contact (or those a search finds) as CSV
         * @description The standard fields, then a column per custom field and per metadata key that any exported contact holds (connector responses left out). A cell that a spreadsheet would run as a formula is written with a leading `'`.
         */
        get: operations["exportContacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/executions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An execution, with its full trace */
        get: operations["getExecution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/executions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live progress of an execution (server-sent events)
         * @description Events: `step_started` { index, id, name }, `step_finished` { index, id, status, attempts, duration_ms, http_status, error }, then `execution` with the final state, after which the stream ends. A finished execution replays its steps at once.
         */
        get: operations["followExecution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flow-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A flow run, with each action's result */
        get: operations["getFlowRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flow-runs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live progress of a flow run (server-sent events)
         * @description Events: `action_started` { index, type, name, connector_id }, `action_finished` (the action's result), then `flow_run` with the final state, after which the stream ends.
         */
        get: operations["followFlowRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List flows */
        get: operations["listFlows"];
        put?: never;
        /** Create a flow */
        post: operations["createFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a flow */
        get: operations["getFlow"];
        /**
         * Replace a flow
         * @description Runs already made keep the actions they were made with.
         */
        put: operations["replaceFlow"];
        post?: never;
        /**
         * Delete a flow
         * @description Its runs are kept (with `flow_id` null) until pruned.
         */
        delete: operations["deleteFlow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a flow to a contact
         * @description Queues one run; answers at once with its id. Counts toward the rate limit.
         */
        post: operations["runFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs of a flow */
        get: operations["listFlowRuns"];
        put?: never;
        /**
         * Send a flow to many contacts
         * @description Up to 10000 contact ids, or a contact filter; each contact counts against the workspace's bulk allowance per minute (CONNECTORS_BULK_LIMIT). Every run is queued at once and shares a `batch_id`; follow them with `GET /flows/{id}/runs?batch_id=`, whose `counts` give the progress.
         */
        post: operations["runFlowInBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/connectors/{id}/oauth/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start connecting an account
         * @description For a connector whose auth is `oauth2` with `grantType: authorization_code`. Register `redirect_uri` with the provider. The connector's client id is in the URL, as OAuth requires; its secret never leaves the server.
         */
        post: operations["authorizeConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List stored credentials
         * @description Service names and masked hints only; values are never returned.
         */
        get: operations["listCredentials"];
        put?: never;
        /**
         * Store a credential
         * @description Encrypted at rest (AES-256-GCM). Replaces the service's earlier value. A single-value credential such as `api_key` is `{ "value": "..." }` and reads as `{{workspace.api_key}}`; others read as `{{credentials.SERVICE.FIELD}}`.
         */
        post: operations["storeCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/credentials/{service_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a credential */
        delete: operations["deleteCredential"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your workspaces */
        get: operations["listWorkspaces"];
        put?: never;
        /**
         * Create a workspace
         * @description You become its owner.
         */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workspace */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a workspace */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Add a member or change their role
         * @description Owners only. `user_id` is the `sub` of their token.
         */
        put: operations["putMember"];
        post?: never;
        /**
         * Remove a member
         * @description Owners only; the last owner stays.
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ActionResult: {
            connector_id?: string;
            error?: string;
            execution_id?: string;
            index: number;
            name?: string;
            /**
             * @description Connector actions: how their execution ended. Conditions: `passed` or `stopped` (the rest skipped)
             * @enum {string}
             */
            status: "success" | "failed" | "timeout" | "passed" | "stopped" | "skipped";
            /** @enum {string} */
            type: "connector" | "condition";
        };
        AuditEntry: {
            action: string;
            /** Format: date-time */
            created_at: string;
            details: {
                [key: string]: unknown;
            };
            id: number;
            resource_id: string | null;
            resource_type: string;
            user_id: string | null;
            workspace_id: string;
        };
        /** @description Send the browser to `authorization_url`; the provider sends it back to `redirect_uri`, which stores the tokens as the credential `connection`. */
        Authorization: {
            authorization_url: string;
            connection: string;
            redirect_uri: string;
        };
        AuthorizeRequest: {
            step_id?: string;
        };
        BulkFlowRunRequest: {
            contact_ids?: string[];
            /** @description The contacts to run for (at most 10000, oldest first) when no ids are given */
            filter?: {
                /**
                 * @description Only contacts where this field is empty
                 * @enum {string}
                 */
                missing?: "email" | "phone_number" | "firstname" | "lastname" | "st_address" | "city" | "state" | "zip" | "company";
                /** @description Matches name, email, phone and company */
                search?: string;
            };
        };
        CloneRequest: {
            name?: string;
        };
        Connector: {
            category: string | null;
            /** @description Single-step: the request. Multi-step: `{ steps, finalMapping }` */
            config: {
                [key: string]: unknown;
            };
            continue_on_error: boolean;
            /** Format: date-time */
            created_at: string;
            created_by: string | null;
            description: string | null;
            enabled: boolean;
            failed_executions: number;
            field_mappings: unknown[];
            icon: string | null;
            id: string;
            input_schema?: unknown;
            /** Format: date-time */
            last_executed_at: string | null;
            max_retries: number;
            name: string;
            /** @description What the remote API allows, held across every worker */
            rate_limit: {
                per_seconds: number;
                requests: number;
            } | null;
            successful_executions: number;
            timeout_ms: number;
            total_executions: number;
            /** @enum {string} */
            type: "single-step" | "multi-step";
            /** Format: date-time */
            updated_at: string;
            version: number;
            workspace_id: string;
        };
        /**
         * @description A connector in either format of the original design, verbatim: single-step (`config` with `headers`/`queryParams` key-value arrays, `field_mappings`) or multi-step (`steps` with `outputMapping`, `finalMapping`), which is also how the normalised form is spelled. Beside them: `icon`, `category`, `timeout_ms` and `max_retries` (defaults for steps that set none), `rate_limit`.
         * @example {
         *       "name": "Enhance Data",
         *       "type": "single-step",
         *       "config": {
         *         "method": "GET",
         *         "url": "https://api.example.com/phone?phone={{contact.phone_number}}",
         *         "headers": [
         *           {
         *             "key": "X-API-Key",
         *             "value": "{{workspace.api_key}}"
         *           }
         *         ],
         *         "auth": {
         *           "type": "none"
         *         }
         *       },
         *       "field_mappings": [
         *         {
         *           "sourcePath": "identities[0].firstName",
         *           "targetField": "firstname"
         *         }
         *       ]
         *     }
         */
        ConnectorDefinition: {
            [key: string]: unknown;
        } | components["schemas"]["SingleStepDocument"] | components["schemas"]["MultiStepDocument"];
        ConnectorVersion: {
            created_at: string;
            created_by: string | null;
            document: {
                [key: string]: unknown;
            };
            version: number;
        };
        Contact: {
            city: string | null;
            company: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: string | null;
            custom_fields: {
                [key: string]: unknown;
            };
            email: string | null;
            firstname: string | null;
            id: string;
            lastname: string | null;
            /** @description Includes `connector_responses`: a list of the connector runs for the contact, each with its raw response (the newest kept) */
            metadata: {
                [key: string]: unknown;
            };
            phone_number: string | null;
            st_address: string | null;
            state: string | null;
            /** Format: date-time */
            updated_at: string;
            workspace_id: string;
            zip: string | null;
        };
        ContactBatch: {
            contacts: components["schemas"]["ContactInput"][];
        };
        /**
         * @example {
         *       "email": "jose.tayzon@example.com",
         *       "phone_number": "+16266958105"
         *     }
         */
        ContactInput: {
            city?: string | null;
            company?: string | null;
            custom_fields?: {
                [key: string]: unknown;
            };
            email?: string | null;
            firstname?: string | null;
            lastname?: string | null;
            metadata?: {
                [key: string]: unknown;
            };
            phone_number?: string | null;
            st_address?: string | null;
            state?: string | null;
            zip?: string | null;
        };
        Credential: {
            /** Format: date-time */
            created_at: string;
            /** @description Field → masked hint; values are never returned */
            fields: {
                [key: string]: string;
            };
            key_id: string;
            service_name: string;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @example {
         *       "service_name": "hubspot",
         *       "credentials": {
         *         "token": "pat-na1-..."
         *       }
         *     }
         */
        CredentialInput: {
            credentials: {
                [key: string]: string;
            };
            service_name: string;
        };
        /**
         * @example {
         *       "workspace_id": "15213",
         *       "input_data": {
         *         "contact": {
         *           "phone_number": "+16266958105"
         *         }
         *       }
         *     }
         */
        DraftTestRequest: components["schemas"]["TestRequest"] & {
            definition: components["schemas"]["ConnectorDefinition"] & unknown;
        };
        Error: {
            error: {
                /** @example validation_failed */
                code: string;
                details: {
                    message: string;
                    /** @example config.url */
                    path: string;
                }[];
                message: string;
            };
            /** @enum {boolean} */
            success: false;
        };
        ExecuteRequest: {
            /** @description The contact to run for; its fields fill {{contact.*}} and the run's patch is applied to it */
            contact_id?: string;
            /** @description Instead of `contact_id`: up to 10000 contacts, one run each (the same `input_data`), queued together; each counts against the workspace's bulk allowance per minute (CONNECTORS_BULK_LIMIT) */
            contact_ids?: string[];
            /** @description The same key within 24 hours returns the same execution */
            idempotency_key?: string;
            /**
             * @description `contact` fills {{contact.*}} (over the stored contact); other keys fill {{input.*}}
             * @default {}
             */
            input_data: {
                [key: string]: unknown;
            };
        };
        Execution: {
            action_index: number | null;
            /** Format: date-time */
            completed_at: string | null;
            connector_id: string | null;
            /** @description In a connector's list of runs: who each was for (null when the contact is gone) */
            contact?: {
                email: string | null;
                name: string | null;
            } | null;
            contact_id: string | null;
            /** Format: date-time */
            created_at: string;
            /** @description The id of the step running now */
            current_step: string | null;
            error_message: string | null;
            /** @description How a failed run went, step by step, in the engine's words (never a stack trace) */
            error_stack: string | null;
            execution_time_ms: number | null;
            /** @description The flow run whose action made this execution */
            flow_run_id: string | null;
            id: string;
            idempotency_key: string | null;
            input_data: {
                [key: string]: unknown;
            };
            /** @description The patch applied to the contact */
            output_data?: unknown;
            raw_response?: unknown;
            /** Format: date-time */
            started_at: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "success" | "failed" | "timeout" | "cancelled";
            /** @description The trace: every step's request (secrets masked), response, outputs, error */
            steps: components["schemas"]["StepTrace"][];
            /** @description Each finished step's result (its answer with secrets masked, and its outputs) */
            steps_executed: {
                duration_ms: number;
                output: {
                    [key: string]: unknown;
                };
                response?: unknown;
                status: string;
                step_id: string;
                step_name: string | null;
            }[];
            /** @description The Trigger.dev run, when Trigger.dev runs it */
            trigger_run_id: string | null;
            triggered_by: string | null;
            workspace_id: string;
        };
        Flow: {
            actions: components["schemas"]["FlowAction"][];
            /** Format: date-time */
            created_at: string;
            created_by: string | null;
            description: string | null;
            enabled: boolean;
            id: string;
            name: string;
            /** Format: date-time */
            updated_at: string;
            workspace_id: string;
        };
        FlowAction: {
            connector_id: string;
            continue_on_error: boolean;
            inputs: {
                [key: string]: unknown;
            };
            name?: string;
            /** @enum {string} */
            type: "connector";
        } | {
            name?: string;
            /** @enum {string} */
            type: "condition";
            when: string;
        };
        /**
         * @description An ordered list of actions run for one contact. A connector action: `{ "type": "connector", "connector_id", "inputs": { NAME: TEMPLATE }, "continue_on_error" }` (the original `{ "type": "connector", "configuration": { "connectorId" } }` too); a condition: `{ "type": "condition", "when": TEMPLATE }`, which skips the rest when false. Templates read the contact as the actions before left it.
         * @example {
         *       "name": "Complete lead enrichment",
         *       "actions": [
         *         {
         *           "type": "connector",
         *           "connector_id": "00000000-0000-4000-8000-000000000001",
         *           "inputs": {
         *             "phone": "{{ contact.phone_number }}"
         *           }
         *         },
         *         {
         *           "type": "condition",
         *           "when": "{{ contact.email }}"
         *         },
         *         {
         *           "type": "connector",
         *           "configuration": {
         *             "connectorId": "00000000-0000-4000-8000-000000000002"
         *           },
         *           "continue_on_error": true
         *         }
         *       ]
         *     }
         */
        FlowDefinition: {
            [key: string]: unknown;
        };
        FlowRun: {
            /** @description The actions as they were when the run was made */
            actions: components["schemas"]["FlowAction"][];
            actions_done: number;
            /** @description Shared by the runs one bulk request started */
            batch_id: string | null;
            /** Format: date-time */
            completed_at: string | null;
            contact_id: string | null;
            /** Format: date-time */
            created_at: string;
            current_action: number | null;
            error_message: string | null;
            flow_id: string | null;
            id: string;
            /** @description Each action's outcome, as it completes */
            results: components["schemas"]["ActionResult"][];
            /** Format: date-time */
            started_at: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "success" | "failed";
            triggered_by: string | null;
            workspace_id: string;
        };
        FlowRunRequest: {
            /** Format: uuid */
            contact_id: string;
        };
        ImportOperation: {
            deprecated?: boolean;
            key: string;
            method: string;
            path: string;
            summary?: string;
            tags: string[];
        };
        /**
         * @example {
         *       "curl": "curl https://api.hunter.io/v2/email-verifier?email=patrick@stripe.com&api_key=YOUR_API_KEY"
         *     }
         */
        ImportRequest: {
            /** @description One or several `curl` commands, as API docs print them */
            curl?: string;
            /** @description An OpenAPI 3.x or Swagger 2 document (JSON or YAML text, or the document itself), or the https address it is published at */
            openapi?: string | {
                [key: string]: unknown;
            };
            /** @description The operation to import: its operationId, or `METHOD /path`. Without it the operations are listed */
            operation?: string;
            /** @description A Postman collection (v2.1 or v2.0), as exported */
            postman?: string | {
                [key: string]: unknown;
            };
            /** @description Lists only the operations whose id, path, summary or tags hold every word */
            search?: string;
            /**
             * @description Store the secrets the source held as workspace credentials (editors); they are never sent back
             * @default false
             */
            store_credentials: boolean;
        };
        ImportResult: {
            credentials: {
                fields: string[];
                /** @description Fields the source held no value for */
                missing: string[];
                service_name: string;
                stored: boolean;
            }[];
            /** @description A draft connector (not saved): placeholders and parameters declared as inputs, secrets read from credentials, suggested mappings in `field_mappings` */
            definition?: {
                [key: string]: unknown;
            };
            /** @description What was guessed, or could not be imported */
            notes: string[];
            /** @description For an OpenAPI document named without `operation`: the operations it holds (at most 500) */
            operations?: components["schemas"]["ImportOperation"][];
            /** @description A sample answer per step id, where the source showed one: its paths can be mapped before any call */
            samples?: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "credentials": {
         *         "api_key": {
         *           "value": "your-key"
         *         }
         *       }
         *     }
         */
        InstallRequest: {
            /** @description Credentials to store with it: `{ service_name: { field: value } }` */
            credentials?: {
                [key: string]: {
                    [key: string]: string;
                };
            };
            /** @description Defaults to the template's name (made unique) */
            name?: string;
        };
        MappingTrace: {
            reason?: string;
            source: string;
            target: string;
            value?: unknown;
            written: boolean;
        };
        Member: {
            /** Format: date-time */
            created_at: string;
            /** @enum {string} */
            role: "owner" | "editor" | "viewer";
            user_id: string;
            workspace_id: string;
        };
        MemberInput: {
            /** @enum {string} */
            role: "owner" | "editor" | "viewer";
        };
        MultiStepDocument: {
            continue_on_error?: boolean;
            continueOnError?: boolean;
            description?: string | null;
            /** @default true */
            enabled: boolean;
            field_mappings?: {
                overwrite?: boolean;
                sourcePath: string;
                step?: string;
                targetField: string;
            }[];
            fieldMappings?: {
                overwrite?: boolean;
                sourcePath: string;
                step?: string;
                targetField: string;
            }[];
            final_mapping?: {
                [key: string]: string;
            };
            finalMapping?: {
                [key: string]: string;
            };
            input_schema?: {
                default?: unknown;
                description?: string;
                enum?: (string | number | boolean)[];
                label?: string;
                name: string;
                /** @default false */
                required: boolean;
                /**
                 * @default string
                 * @enum {string}
                 */
                type: "string" | "number" | "boolean" | "object" | "array";
            }[] | {
                [key: string]: {
                    default?: unknown;
                    description?: string;
                    enum?: (string | number | boolean)[];
                    label?: string;
                    /** @default false */
                    required: boolean;
                    /**
                     * @default string
                     * @enum {string}
                     */
                    type: "string" | "number" | "boolean" | "object" | "array";
                };
            };
            inputSchema?: {
                default?: unknown;
                description?: string;
                enum?: (string | number | boolean)[];
                label?: string;
                name: string;
                /** @default false */
                required: boolean;
                /**
                 * @default string
                 * @enum {string}
                 */
                type: "string" | "number" | "boolean" | "object" | "array";
            }[] | {
                [key: string]: {
                    default?: unknown;
                    description?: string;
                    enum?: (string | number | boolean)[];
                    label?: string;
                    /** @default false */
                    required: boolean;
                    /**
                     * @default string
                     * @enum {string}
                     */
                    type: "string" | "number" | "boolean" | "object" | "array";
                };
            };
            name: string;
            steps: {
                auth?: {
                    type: string;
                } & {
                    [key: string]: unknown;
                };
                body?: unknown;
                /** @enum {string} */
                body_type?: "json" | "form" | "xml" | "raw";
                /** @enum {string} */
                bodyType?: "json" | "form" | "xml" | "raw";
                continue_on_error?: boolean;
                continueOnError?: boolean;
                error_path?: string;
                errorPath?: string;
                fail_when?: string;
                failWhen?: string;
                headers?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                id?: string;
                method?: string;
                name?: string;
                no_match?: number[] | {
                    /** @default [] */
                    statuses: number[];
                    when?: string;
                };
                noMatch?: number[] | {
                    /** @default [] */
                    statuses: number[];
                    when?: string;
                };
                outputMapping?: {
                    [key: string]: string | {
                        path: string;
                        secret?: boolean;
                    };
                };
                outputs?: {
                    [key: string]: string | {
                        path: string;
                        secret?: boolean;
                    };
                };
                paginate?: {
                    has_more?: string;
                    hasMore?: string;
                    items: string;
                    max_items?: number;
                    max_pages?: number;
                    maxItems?: number;
                    maxPages?: number;
                    next_body?: {
                        [key: string]: string;
                    };
                    next_query?: {
                        [key: string]: string;
                    };
                    next_url?: string;
                    nextBody?: {
                        [key: string]: string;
                    };
                    nextQuery?: {
                        [key: string]: string;
                    };
                    nextUrl?: string;
                };
                query?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                queryParams?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                retries?: number;
                secretOutputs?: string[];
                timeout?: number;
                timeoutMs?: number;
                url: string;
                when?: string;
            }[];
            /** @enum {string} */
            type?: "single-step" | "multi-step";
        } & {
            [key: string]: unknown;
        };
        RunResult: {
            duration_ms: number;
            error?: {
                /** @enum {string} */
                code: "input" | "template" | "blocked" | "network" | "timeout" | "too_large" | "redirects" | "http_status" | "api_error" | "invalid_response" | "auth" | "run_timeout" | "internal";
                message: string;
                step?: string;
            };
            /** @description Each mapping: source, target, and the value written or why nothing was */
            mappings: components["schemas"]["MappingTrace"][];
            /** @description Set when a step found nothing: which, and why (the run still succeeds) */
            noMatch?: string;
            /** @description What the run would write onto the contact */
            patch: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "success" | "failed" | "timeout";
            steps: components["schemas"]["StepTrace"][];
        };
        SingleStepDocument: {
            config: {
                auth?: {
                    type: string;
                } & {
                    [key: string]: unknown;
                };
                body?: unknown;
                /** @enum {string} */
                body_type?: "json" | "form" | "xml" | "raw";
                /** @enum {string} */
                bodyType?: "json" | "form" | "xml" | "raw";
                continue_on_error?: boolean;
                continueOnError?: boolean;
                error_path?: string;
                errorPath?: string;
                fail_when?: string;
                failWhen?: string;
                headers?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                id?: string;
                method?: string;
                name?: string;
                no_match?: number[] | {
                    /** @default [] */
                    statuses: number[];
                    when?: string;
                };
                noMatch?: number[] | {
                    /** @default [] */
                    statuses: number[];
                    when?: string;
                };
                outputMapping?: {
                    [key: string]: string | {
                        path: string;
                        secret?: boolean;
                    };
                };
                outputs?: {
                    [key: string]: string | {
                        path: string;
                        secret?: boolean;
                    };
                };
                paginate?: {
                    has_more?: string;
                    hasMore?: string;
                    items: string;
                    max_items?: number;
                    max_pages?: number;
                    maxItems?: number;
                    maxPages?: number;
                    next_body?: {
                        [key: string]: string;
                    };
                    next_query?: {
                        [key: string]: string;
                    };
                    next_url?: string;
                    nextBody?: {
                        [key: string]: string;
                    };
                    nextQuery?: {
                        [key: string]: string;
                    };
                    nextUrl?: string;
                };
                query?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                queryParams?: {
                    description?: string;
                    enabled?: boolean;
                    key: string;
                    value: string;
                }[] | {
                    [key: string]: string;
                };
                retries?: number;
                secretOutputs?: string[];
                timeout?: number;
                timeoutMs?: number;
                url: string;
                when?: string;
            };
            continue_on_error?: boolean;
            continueOnError?: boolean;
            description?: string | null;
            /** @default true */
            enabled: boolean;
            field_mappings?: {
                overwrite?: boolean;
                sourcePath: string;
                step?: string;
                targetField: string;
            }[];
            fieldMappings?: {
                overwrite?: boolean;
                sourcePath: string;
                step?: string;
                targetField: string;
            }[];
            final_mapping?: {
                [key: string]: string;
            };
            finalMapping?: {
                [key: string]: string;
            };
            input_schema?: {
                default?: unknown;
                description?: string;
                enum?: (string | number | boolean)[];
                label?: string;
                name: string;
                /** @default false */
                required: boolean;
                /**
                 * @default string
                 * @enum {string}
                 */
                type: "string" | "number" | "boolean" | "object" | "array";
            }[] | {
                [key: string]: {
                    default?: unknown;
                    description?: string;
                    enum?: (string | number | boolean)[];
                    label?: string;
                    /** @default false */
                    required: boolean;
                    /**
                     * @default string
                     * @enum {string}
                     */
                    type: "string" | "number" | "boolean" | "object" | "array";
                };
            };
            inputSchema?: {
                default?: unknown;
                description?: string;
                enum?: (string | number | boolean)[];
                label?: string;
                name: string;
                /** @default false */
                required: boolean;
                /**
                 * @default string
                 * @enum {string}
                 */
                type: "string" | "number" | "boolean" | "object" | "array";
            }[] | {
                [key: string]: {
                    default?: unknown;
                    description?: string;
                    enum?: (string | number | boolean)[];
                    label?: string;
                    /** @default false */
                    required: boolean;
                    /**
                     * @default string
                     * @enum {string}
                     */
                    type: "string" | "number" | "boolean" | "object" | "array";
                };
            };
            name: string;
            /** @constant */
            type?: "single-step";
        } & {
            [key: string]: unknown;
        };
        StepTrace: {
            attempts: number;
            durationMs: number;
            error?: {
                /** @enum {string} */
                code: "input" | "template" | "blocked" | "network" | "timeout" | "too_large" | "redirects" | "http_status" | "api_error" | "invalid_response" | "auth" | "run_timeout" | "internal";
                message: string;
                status?: number;
            };
            id: string;
            name?: string;
            noMatch?: boolean;
            /** @description What a user should know: outputs that found nothing, why a step was skipped, retries */
            notes: string[];
            outputs: {
                [key: string]: unknown;
            };
            pages?: {
                items: number;
                status: number;
                url: string;
            }[];
            /** @description As sent, secrets masked */
            request?: {
                body?: string;
                bodyTruncated?: boolean;
                headers: {
                    [key: string]: string;
                };
                method: string;
                url: string;
            };
            response?: {
                body?: unknown;
                bodyTruncated?: boolean;
                headers: {
                    [key: string]: string;
                };
                status: number;
            };
            /** @enum {string} */
            status: "success" | "failed" | "skipped";
        };
        Template: {
            category: string | null;
            /** @description The connector's `config` as installed: the request, or `{ steps, finalMapping }` */
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            credentials: {
                description: string;
                fields: string[];
                service_name: string;
            }[];
            description: string | null;
            field_mappings: unknown[];
            icon: string | null;
            /** Format: uuid */
            id: string;
            input_schema?: unknown;
            is_featured: boolean;
            name: string;
            /** @description A stable name to install it by */
            slug: string;
            /** @enum {string} */
            type: "single-step" | "multi-step";
            /** Format: date-time */
            updated_at: string;
            /** @description How many times it was installed */
            usage_count: number;
        };
        /**
         * @example {
         *       "workspace_id": "15213",
         *       "input_data": {
         *         "contact": {
         *           "phone_number": "+16266958105"
         *         }
         *       }
         *     }
         */
        TestRequest: {
            /** @description Run with this stored contact */
            contact_id?: string;
            /**
             * @description With `step`: what each earlier step gave in the last test, by step id (its outputs, or its answer when it names none)
             * @default {}
             */
            earlier: {
                [key: string]: unknown;
            };
            /**
             * @description `contact` fills {{contact.*}} (over the stored contact, if any); every other key fills {{input.*}}
             * @default {}
             */
            input_data: {
                [key: string]: unknown;
            };
            /** @description Send only this step (by id); the steps before it are not sent, and `earlier` stands in for what they gave */
            step?: string;
            /** @description Ignored: the workspace is the X-Workspace-Id header */
            workspace_id?: string;
        };
        Workspace: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            id: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "viewer";
            /** Format: date-time */
            updated_at: string;
        };
        WorkspaceInput: {
            name: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description The id of the last entry of the previous page */
                before?: number;
                limit?: number;
                resource_id?: string;
                resource_type?: "workspace" | "member" | "connector" | "contact" | "credential";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEntry"][];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                category?: string;
                limit?: number;
                offset?: number | null;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of templates, featured first, then by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Every category templates have, for a filter */
                        categories: string[];
                        data: components["schemas"]["Template"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Template"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    installTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["InstallRequest"];
            };
        };
        responses: {
            /** @description Installed */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            connector: components["schemas"]["Connector"];
                            /** @description What the connector needs, and whether the workspace has it; store missing ones at /workspace/credentials */
                            credentials: {
                                description: string;
                                fields: string[];
                                service_name: string;
                                stored: boolean;
                            }[];
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listConnectors: {
        parameters: {
            query?: {
                category?: string;
                enabled?: "true" | "false";
                limit?: number;
                offset?: number | null;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of connectors, by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createConnector: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectorDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connector */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectorDefinition"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectorDefinition"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cloneConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CloneRequest"];
            };
        };
        responses: {
            /** @description The copy */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    executeConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExecuteRequest"];
            };
        };
        responses: {
            /** @description Queued (or, for a repeated idempotency key, the earlier execution); for `contact_ids`, every run */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            created: boolean;
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "running" | "success" | "failed" | "timeout" | "cancelled";
                        } | {
                            count: number;
                            /** @description One per contact, in the order given */
                            executions: {
                                contact_id: string;
                                id: string;
                            }[];
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited: see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listConnectorExecutions: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number | null;
                status?: "pending" | "running" | "success" | "failed" | "timeout" | "cancelled";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Execution"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TestRequest"];
            };
        };
        responses: {
            /** @description The run (also when it failed: see `status` and `error`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RunResult"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited: see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listConnectorVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The current definition, as the versions hold theirs: what a version is compared with */
                        current_document: {
                            [key: string]: unknown;
                        };
                        current_version: number;
                        data: components["schemas"]["ConnectorVersion"][];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreConnectorVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Restored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Connector"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importConnector: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportRequest"];
            };
        };
        responses: {
            /** @description The draft, or the operations to pick from */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ImportResult"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testDraftConnector: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DraftTestRequest"];
            };
        };
        responses: {
            /** @description The run (also when it failed: see `status` and `error`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RunResult"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited: see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    validateConnector: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectorDefinition"];
            };
        };
        responses: {
            /** @description The definition is valid */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            steps: string[];
                            type: string;
                            /** @enum {boolean} */
                            valid: true;
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listContacts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only contacts where this field is empty */
                missing?: "email" | "phone_number" | "firstname" | "lastname" | "st_address" | "city" | "state" | "zip" | "company";
                offset?: number | null;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Contact"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createContact: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Contact"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Contact"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactInput"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Contact"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listContactExecutions: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number | null;
                status?: "pending" | "running" | "success" | "failed" | "timeout" | "cancelled";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Execution"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactBatch"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            created: number;
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportContacts: {
        parameters: {
            query?: {
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, with a header row */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Execution"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    followExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFlowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FlowRun"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    followFlowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFlows: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number | null;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of flows, by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Flow"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createFlow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlowDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Flow"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Flow"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlowDefinition"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Flow"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    runFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlowRunRequest"];
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "running" | "success" | "failed";
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited: see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFlowRuns: {
        parameters: {
            query?: {
                batch_id?: string;
                limit?: number;
                offset?: number | null;
                status?: "pending" | "running" | "success" | "failed";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Runs in each status, for the flow (or the batch), whatever the status filter */
                        counts: {
                            failed: number;
                            pending: number;
                            running: number;
                            success: number;
                        };
                        data: components["schemas"]["FlowRun"][];
                        limit: number;
                        offset: number;
                        /** @enum {boolean} */
                        success: true;
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    runFlowInBulk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkFlowRunRequest"];
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            batch_id: string;
                            count: number;
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited: see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    authorizeConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuthorizeRequest"];
            };
        };
        responses: {
            /** @description Where to send the browser */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Authorization"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description By service name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Credential"][];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    storeCredential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialInput"];
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Credential"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description With your role in each */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Workspace"][];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Workspace"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workspace */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Workspace"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Member"][];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberInput"];
            };
        };
        responses: {
            /** @description The member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Member"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input: `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or not in your workspace) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
