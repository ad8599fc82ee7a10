"""agent-tasks-contract: specs, mock, contract tests and spec review for agent task-list APIs."""

__version__ = "0.1.0"
