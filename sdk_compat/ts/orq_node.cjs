/**
 * Driver: the official Node SDK `@orq-ai/node` 3.14.45 (`orq.agents.listTasks`) against the mock.
 * Run by `python -m sdk_compat` from .sdk/ts (node orq_node.cjs PLAN.json); prints the same JSON
 * summary as the Python drivers. Its zod models reject `null` in optional, non-nullable fields
 * (the Python SDK accepts it) and throw ResponseValidationError; a 404 must throw the typed
 * ListAgentTasksResponseBody error, other statuses the generic APIError.
 */
"use strict";
const { readFileSync } = require("node:fs");
const { Orq } = require("@orq-ai/node");

const STATUSES = [undefined, "inactive", "approval_required", "in_progress", "errored"];
const tally = { client: "@orq-ai/node 3.14.45 (Node)", calls: 0, pages: 0, tasks: 0, errors: 0, skipped: 0, failures: 0, reasons: [], distinct_reasons: 0 };

function fail(request, reason) {
  tally.failures += 1;
  const known = tally.reasons.find((r) => r.reason === reason);
  if (known) known.count += 1; else tally.reasons.push({ reason, count: 1, request });
}

function describe(err) {
  if (err && err.name === "ResponseValidationError") {
    const issues = (err.cause && err.cause.issues) || [];
    const fields = [...new Set(issues.map((i) => `${i.path.map((p) => (typeof p === "number" ? "[]" : "." + p)).join("").replace(/^\./, "")}: ${i.message}`))];
    return `response not parsed: ${fields.slice(0, 3).join("; ")}${fields.length > 3 ? ` (+${fields.length - 3} more)` : ""}`;
  }
  if (err && err.statusCode) return `request rejected: HTTP ${err.statusCode}: ${String(err.body || "").slice(0, 160)}`;
  return `client threw ${err && err.name}: ${String(err && err.message).slice(0, 200)}`;
}

async function page(request, call) {
  tally.calls += 1;
  try {
    const body = await call();
    tally.pages += 1;
    tally.tasks += body.tasks.length;
    return body;
  } catch (err) {
    fail(request, describe(err));
    return undefined;
  }
}

async function error(request, call, status, typedName) {
  tally.calls += 1;
  try {
    await call();
    fail(request, `expected HTTP ${status}, got 200`);
  } catch (err) {
    if (err.statusCode !== status) fail(request, `expected HTTP ${status}, ${describe(err)}`);
    else if (typedName && err.name !== typedName) fail(request, `HTTP ${status} not thrown as ${typedName} (got ${err.name})`);
    else tally.errors += 1;
  }
}

async function forward(orq, label, query, limit, maxPages = 500) {
  const ids = [];
  let after;
  for (let n = 0; n < maxPages; n++) {
    const body = await page(`${label}${after ? " starting_after=" + after : ""}`, () => orq.agents.listTasks({ ...query, startingAfter: after }));
    if (!body) return undefined;
    ids.push(...body.tasks.map((t) => t.id));
    if (body.tasks.length < limit || ids.length >= body.overallTotal) break;
    after = ids[ids.length - 1];
  }
  return ids;
}

async function run(plan) {
  for (const tenant of (plan.apis.orq || { tenants: [] }).tenants) {
    const orq = new Orq({ apiKey: tenant.token, serverURL: plan.base_url });
    const who = ` (as ${tenant.id})`;
    for (const agentKey of tenant.agents) {
      const path = `GET /v2/agents/${agentKey}/tasks`;
      let everything;
      for (const status of STATUSES) {
        const ids = await forward(orq, `${path}${status ? "?status=" + status : ""} (default limit)${who}`, { agentKey, status }, 10);
        if (!status) everything = ids;
      }
      await page(`${path}?limit=200${who}`, () => orq.agents.listTasks({ agentKey, limit: 200 }));
      if (everything && everything.length > 1) {
        const last = everything[everything.length - 1];
        await page(`${path}?ending_before=${last}${who}`, () => orq.agents.listTasks({ agentKey, endingBefore: last }));
      }
    }
    const key = tenant.agents[0];
    await error(`GET /v2/agents/sdk-compat-missing/tasks${who}`, () => orq.agents.listTasks({ agentKey: "sdk-compat-missing" }), 404, "ListAgentTasksResponseBody");
    const stranger = new Orq({ apiKey: "orq-sdk-compat-unknown", serverURL: plan.base_url });
    await error(`GET /v2/agents/${key}/tasks with an unknown key`, () => stranger.agents.listTasks({ agentKey: key }), 401);
    await error(`GET /v2/agents/${key}/tasks?limit=0${who}`, () => orq.agents.listTasks({ agentKey: key, limit: 0 }), 400);
  }
}

run(JSON.parse(readFileSync(process.argv[2], "utf-8")))
  .catch((err) => fail("-", `driver threw ${err && err.stack}`))
  .finally(() => {
    tally.reasons.sort((a, b) => b.count - a.count);
    tally.distinct_reasons = tally.reasons.length;
    tally.reasons = tally.reasons.slice(0, 25);
    console.log(JSON.stringify(tally));
  });
