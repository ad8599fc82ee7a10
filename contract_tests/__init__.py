"""The contract suite: Schemathesis conformance plus semantic properties, over HTTP only, against any server."""
