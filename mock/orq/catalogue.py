"""The fixed skeleton of generated orq worlds: workspaces, API keys, agents and the words tasks are made of."""

from __future__ import annotations

import copy

from mock.orq import ulid


def _agent(_id: str, key: str, role: str, project: str, model: dict, approval: str, tools: list, **text) -> dict:
    agent = {
        "_id": _id,
        "key": key,
        "role": role,
        "description": text.get("description", ""),
        "instructions": text["instructions"],
        # Optional and not nullable (published contract): an agent without one omits it.
        **({"system_prompt": text["system_prompt"]} if "system_prompt" in text else {}),
        "model": model,
        "settings": {
            "max_execution_time": text.get("max_execution_time", 300),
            "max_iterations": text.get("max_iterations", 15),
            "tool_approval_required": approval,
            "tools": copy.deepcopy(tools),
        },
        "project_id": project,
    }
    return agent


def _model(model_id: str, integration: str | None, fallbacks: list[str] | None, max_tokens: int | None, temperature: float | None) -> dict:
    # integration_id and fallback_models are nullable; max_tokens and temperature are omitted for the default.
    model = {"id": model_id, "integration_id": integration, "fallback_models": fallbacks}
    if max_tokens is not None:
        model["max_tokens"] = max_tokens
    if temperature is not None:
        model["temperature"] = temperature
    return model


def _tool(number: int, action_type: str, *, approval: bool = False, **optional) -> dict:
    """A tool with a fixed ULID `id` (built-in tools keep the published example ids)."""
    known = {"orq_google_search": "01JGP7MJ2MTWVFSCF9YPVJB7KN", "orq_web_scraper": "01JKG8ZPVD66Z9WKZ5H0CK9TVE"}
    tool_id = known.get(action_type) or ulid.encode(1_735_689_600_000 + number, number)
    return {"id": tool_id, "action_type": action_type, **optional, "requires_approval": approval}


_ACME, _GLOBEX, _INITECH = "01J46F7X00AJ5B8FA3325KH434", "01J491MM00QCX167DP322F8ATB", "01J4BM1B00VQXFZTFC2733TQVQ"
_SUPPORT_INSTRUCTIONS = "Answer the customer politely. Look the order up before promising anything; ask before refunding."
_SUPPORT_TOOLS = [
    _tool(1, "http", key="lookup-order", display_name="Look up an order", timeout=30),
    _tool(2, "function", key="issue-refund", approval=True, display_name="Issue a refund",
          conditions=[{"condition": "amount", "operator": "gt", "value": "100"}]),
]
_MCP_SERVER = ulid.encode(1_735_689_600_000, 99)

# Every enum value and every nullable field of the agent snapshot appears, both ways, across these.
TENANTS = [
    {
        "id": "acme",
        "name": "Acme Research (demo workspace)",
        "workspace_id": "ba49c19f-c0a9-48be-b070-e38434d57084",
        "credentials": [
            {"token": "orq-demo-key-acme", "expires_at": None, "note": "Demo API key of workspace acme."},
            {"token": "orq-demo-key-acme-expired", "expires_at": "2025-06-30T00:00:00.000Z",
             "note": "Expired demo API key of acme: always refused with 401."},
        ],
        "agents": [
            _agent("01J6S2TM80Q9QJX129DSW5FQC6", "research-assistant", "Research assistant", _ACME,
                   _model("openai/gpt-4o", None, ["anthropic/claude-3-5-sonnet-20241022"], 4096, 0.3),
                   "respect_tool",
                   [_tool(3, "orq_current_date"), _tool(4, "orq_google_search", conditions=[]),
                    _tool(5, "orq_web_scraper", approval=True, timeout=60)],
                   description="Finds, reads and summarises sources.",
                   instructions="Research the question, cite every source, and say when you are unsure.",
                   system_prompt="You are a careful research assistant."),
            _agent("01J7E5ERJ06D04VGN64YA0XVHW", "customer-support", "Customer support agent", _ACME,
                   _model("anthropic/claude-3-5-haiku-20241022", "int_acme_anthropic", [], None, None),
                   "all", _SUPPORT_TOOLS, instructions=_SUPPORT_INSTRUCTIONS, max_iterations=10),
            _agent("01J93NS2H0D3XVJE253VHJBYN6", "invoice-processor", "Invoice processor", _ACME,
                   _model("openai/gpt-4o-mini", None, [], 1024, 0),
                   "none", [_tool(6, "function", key="extract-invoice-fields")],
                   description="Extracts supplier, totals and due dates from invoices.",
                   instructions="Return the invoice fields as JSON; never guess a missing total.",
                   max_execution_time=120, max_iterations=5),
            _agent("01JD02KHQ0R8TVEX0ACF0XHYP1", "onboarding-guide", "Onboarding guide", _ACME,
                   _model("openai/gpt-4o-mini", None, [], None, 0.7), "respect_tool", [],
                   description="Not used yet: it has no tasks.", instructions="Walk new staff through their first week."),
        ],
    },
    {
        "id": "globex",
        "name": "Globex Corporation (demo workspace)",
        "workspace_id": "d4dd79d3-b583-4f4c-acb7-36d877f1caf0",
        "credentials": [
            {"token": "orq-demo-key-globex", "expires_at": "2099-12-31T23:59:59.000Z",
             "note": "Demo API key of workspace globex (expires in 2099)."},
        ],
        "agents": [
            # Same key as acme's agent: each workspace sees only its own.
            _agent("01J70XEMW07V1RGZM4011YB224", "customer-support", "Customer support agent", _GLOBEX,
                   _model("openai/gpt-4o", "int_globex_azure", ["openai/gpt-4o-mini"], 2048, 0.2),
                   "respect_tool", _SUPPORT_TOOLS, instructions=_SUPPORT_INSTRUCTIONS,
                   system_prompt="Always answer in the customer's language."),
            _agent("01J8788EW0QGWD01ASF6HDN5D8", "code-reviewer", "Code reviewer", _GLOBEX,
                   _model("anthropic/claude-3-5-sonnet-20241022", None, ["openai/gpt-4o"], 8192, 0),
                   "none", [_tool(7, "http", key="fetch-pull-request"),
                    _tool(8, "mcp", key="github-mcp", display_name="GitHub (MCP)", mcpServer=_MCP_SERVER)],
                   description="Reviews pull requests for bugs and style.",
                   instructions="Comment on correctness first, then readability. Be concrete.", max_iterations=25),
            _agent("01JA84G930D9V5NARA6XZS1BF7", "data-pipeline-monitor", "Data pipeline monitor", _GLOBEX,
                   _model("openai/gpt-4o-mini", "int_globex_openai", [], 512, None),
                   "all", [_tool(9, "code", key="query-warehouse", timeout=600),
                           _tool(10, "http", key="restart-job", approval=True)],
                   instructions="Check last night's loads; restart failed jobs only after approval.",
                   max_execution_time=600),
        ],
    },
    {
        "id": "initech",
        "name": "Initech (demo workspace)",
        "workspace_id": "88177abd-25fb-4b1b-a70b-967adf354788",
        "credentials": [
            {"token": "orq-demo-key-initech", "expires_at": None, "note": "Demo API key of workspace initech."},
        ],
        "agents": [
            _agent("01J98W09C0KPDVMKKC6T3FY3F2", "report-writer", "Report writer", _INITECH,
                   _model("anthropic/claude-3-5-sonnet-20241022", None, [], 4096, 0.5), "respect_tool",
                   [_tool(11, "orq_current_date", display_name="Today's date")],
                   description="Writes the weekly TPS report.", instructions="Use the cover sheet. Keep it to one page."),
            _agent("01JE3DJB609WYKFNSE9BV9F1VG", "translator", "Translator", _INITECH,
                   _model("openai/gpt-4o", None, None, None, 0.1), "none", [],
                   instructions="Translate faithfully; keep formatting and placeholders."),
        ],
    },
]

# Names the YAML anchor of an agent snapshot in tasks.yaml (`&acme-customer-support`).
PROJECT_TENANTS = {_ACME: "acme", _GLOBEX: "globex", _INITECH: "initech"}
# How often each agent is picked for a task (agents not listed, like onboarding-guide, get none).
AGENT_WEIGHTS = {
    "acme": {"research-assistant": 3, "customer-support": 2, "invoice-processor": 1},
    "globex": {"customer-support": 3, "code-reviewer": 2, "data-pipeline-monitor": 1},
    "initech": {"report-writer": 2, "translator": 1},
}
USERS = {
    "acme": ["usr_ana_lima", "usr_ben_okafor", "usr_chen_wei"],
    "globex": ["usr_hank_scorpio", "usr_homer_s"],
    "initech": ["usr_peter_g", "usr_samir_n", "usr_milton_w"],
}
# (input, output) US dollars per token.
PRICES = {
    "openai/gpt-4o": (2.5e-6, 10e-6),
    "openai/gpt-4o-mini": (0.15e-6, 0.6e-6),
    "anthropic/claude-3-5-sonnet-20241022": (3e-6, 15e-6),
    "anthropic/claude-3-5-haiku-20241022": (0.8e-6, 4e-6),
}
NAMES = {
    "research-assistant": ["Summarise {topic}", "Find sources on {topic}", "Compare studies about {topic}"],
    "customer-support": ["Order #{number}: where is my parcel?", "Refund request #{number}", "Change address on order #{number}"],
    "invoice-processor": ["Extract invoice INV-{number}", "Re-check totals of INV-{number}"],
    "code-reviewer": ["Review pull request #{number}", "Re-review pull request #{number} after fixes"],
    "data-pipeline-monitor": ["Nightly load check {number}", "Investigate failed job {number}"],
    "report-writer": ["TPS report, week {number}", "Draft memo about {topic}"],
    "translator": ["Translate release notes {number} to German", "Translate {topic} brief to Spanish"],
}
TOPICS = ["Q3 churn interviews", "battery recycling", "EU AI Act obligations", "warehouse robotics", "solar tariffs"]
ERRORS = [
    "Max execution time exceeded",
    "Tool 'http' failed: 502 Bad Gateway",
    "Model provider rate limit reached (429)",
    "Max iterations reached",
]
