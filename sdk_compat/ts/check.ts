/**
 * The TypeScript side of the SDK compatibility suite: one typed call of each operation, for every
 * response shape, through openapi-fetch with the types openapi-typescript wrote from
 * `agent-tasks bundle` (./types/<api>.ts). `tsc --noEmit` type-checks it (a field the spec does not
 * give, or gives another type, is a compile error); node then runs it against the live mock and
 * prints the same JSON summary as the Python drivers. Usage: node check.js PLAN.json
 */
import createClient from "openapi-fetch";
import { readFileSync } from "node:fs";
import type { paths as BeeosPaths } from "./types/beeos";
import type { paths as OrqPaths } from "./types/orq";
import type { paths as OrgPaths } from "./types/org";

interface Tenant { id: string; token: string; agents: string[]; depends_on?: string[] }
interface Plan { base_url: string; apis: Record<string, { tenants: Tenant[] }> }

const tally = { client: "openapi-typescript + openapi-fetch", calls: 0, pages: 0, tasks: 0, errors: 0, skipped: 0, failures: 0,
  reasons: [] as { reason: string; count: number; request: string }[], distinct_reasons: 0 };

function fail(request: string, reason: string): void {
  tally.failures += 1;
  const known = tally.reasons.find((r) => r.reason === reason);
  if (known) known.count += 1; else tally.reasons.push({ reason, count: 1, request });
}

/** One call that must answer 200: counts the page and the tasks the typed reader saw. */
function page(request: string, status: number, tasks: number | undefined): void {
  tally.calls += 1;
  if (status !== 200 || tasks === undefined) { fail(request, `expected HTTP 200, got ${status}`); return; }
  tally.pages += 1;
  tally.tasks += tasks;
}

function error(request: string, status: number, expected: number, detail: string | undefined): void {
  tally.calls += 1;
  if (status !== expected) fail(request, `expected HTTP ${expected}, got ${status}`);
  else if (!detail) fail(request, `HTTP ${status} without the documented error body`);
  else tally.errors += 1;
}

async function beeos(plan: Plan): Promise<void> {
  for (const tenant of plan.apis.beeos?.tenants ?? []) {
    const client = createClient<BeeosPaths>({ baseUrl: plan.base_url, headers: { Authorization: `Bearer ${tenant.token}` } });
    for (const state of ["active", "open", "closed", "all"] as const) {
      const r = await client.GET("/api/v1/tasks", { params: { query: { state, limit: 100 } } });
      const states: ("active" | "closed")[] = r.data?.data.tasks.map((t) => t.state) ?? [];
      const cursor: string | undefined = r.data?.data.next_since ?? undefined;
      page(`GET /api/v1/tasks?state=${state}${cursor ? " (more pages)" : ""}`, r.response.status, r.data ? states.length : undefined);
    }
    const busy = await client.GET("/api/v1/tasks", { params: { query: { instance_id: "inst_sdk_compat", state: "open" } } });
    page("GET /api/v1/tasks?instance_id=inst_sdk_compat&state=open", busy.response.status, busy.data?.data.tasks.length);
    for (const agentId of tenant.agents) {
      const r = await client.GET("/api/v1/agents/{agentId}/tasks", { params: { path: { agentId }, query: { state: "all" } } });
      const metadata: Record<string, string> = r.data?.data.tasks[0]?.metadata ?? {};
      const ids: string[] = r.data?.data.tasks.map((t) => `${t.task_id}:${t.agent_id}:${Object.keys(metadata).length}`) ?? [];
      page(`GET /api/v1/agents/${agentId}/tasks?state=all`, r.response.status, r.data ? ids.length : undefined);
    }
    const missing = await client.GET("/api/v1/agents/{agentId}/tasks", { params: { path: { agentId: "agt_sdk_compat_missing" } } });
    error("GET /api/v1/agents/agt_sdk_compat_missing/tasks", missing.response.status, 404, missing.error?.error.code);
  }
}

async function orq(plan: Plan): Promise<void> {
  for (const tenant of plan.apis.orq?.tenants ?? []) {
    const client = createClient<OrqPaths>({ baseUrl: plan.base_url, headers: { Authorization: `Bearer ${tenant.token}` } });
    for (const agent_key of tenant.agents) {
      for (const status of [undefined, "inactive", "approval_required", "in_progress", "errored"] as const) {
        const r = await client.GET("/v2/agents/{agent_key}/tasks", { params: { path: { agent_key }, query: { limit: 10, status } } });
        const total: number | undefined = r.data?.overall_total;
        const tools: string[] = r.data?.tasks.flatMap((t) => (t.agent_manifest_snapshot.settings?.tools ?? []).map((tool) => `${tool.id}:${tool.action_type}`)) ?? [];
        const ids: string[] = r.data?.tasks.map((t) => `${t._id}:${t.workspace_id}:${t.agent_manifest_snapshot.key}:${t.metrics.total_cost ?? 0}`) ?? [];
        page(`GET /v2/agents/${agent_key}/tasks?limit=10${status ? "&status=" + status : ""} (${total ?? "?"} in all, ${tools.length} tools)`,
          r.response.status, r.data ? ids.length : undefined);
        const last = r.data?.tasks.at(-1)?._id;
        if (last) {
          const back = await client.GET("/v2/agents/{agent_key}/tasks", { params: { path: { agent_key }, query: { ending_before: last, starting_after: undefined } } });
          page(`GET /v2/agents/${agent_key}/tasks?ending_before=${last}`, back.response.status, back.data?.tasks.length);
        }
      }
    }
    const missing = await client.GET("/v2/agents/{agent_key}/tasks", { params: { path: { agent_key: "sdk-compat-missing" } } });
    error("GET /v2/agents/sdk-compat-missing/tasks", missing.response.status, 404, missing.error?.message);
  }
}

async function org(plan: Plan): Promise<void> {
  for (const tenant of plan.apis.org?.tenants ?? []) {
    const client = createClient<OrgPaths>({ baseUrl: plan.base_url, headers: { Authorization: `Bearer ${tenant.token}` } });
    const path = { organisation: tenant.id };
    const plain = await client.GET("/api/v3/organizations/{organisation}/ai/tasks", { params: { path, query: { limit: 100 } } });
    const count: number | undefined = plain.data?.count;
    page(`GET /api/v3/organizations/${tenant.id}/ai/tasks?limit=100 (count ${count})`, plain.response.status, plain.data?.tasks?.map((t) => t.taskId).length);
    for (const dependsOn of (tenant.depends_on ?? []).slice(0, 5)) {
      const ids = await client.GET("/api/v3/organizations/{organisation}/ai/tasks", { params: { path, query: { dependsOn } } });
      const taskIds: string[] | undefined = ids.data?.taskIds;
      const target: string | undefined = ids.data?.dependsOn;
      page(`GET …/ai/tasks?dependsOn=${target ?? dependsOn}`, ids.response.status, taskIds?.length);
      const full = await client.GET("/api/v3/organizations/{organisation}/ai/tasks", { params: { path, query: { dependsOn, includeDetails: true } } });
      const titles: (string | undefined)[] | undefined = full.data?.tasks?.map((t) => t.title);
      page(`GET …/ai/tasks?dependsOn=${dependsOn}&includeDetails=true (${full.data?.taskIds?.length} ids)`, full.response.status, titles?.length);
    }
    const other = await client.GET("/api/v3/organizations/{organisation}/ai/tasks", { params: { path: { organisation: "sdk-compat-missing" } } });
    error("GET /api/v3/organizations/sdk-compat-missing/ai/tasks", other.response.status, 404, other.error?.message);
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2] ?? "plan.json", "utf-8")) as Plan;
  for (const run of [beeos, orq, org]) {
    try { await run(plan); } catch (e) { fail(run.name, `threw ${String(e)}`); }
  }
  tally.reasons.sort((a, b) => b.count - a.count);
  tally.distinct_reasons = tally.reasons.length;
  console.log(JSON.stringify(tally));
}

void main();
