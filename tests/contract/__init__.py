"""Tests of the contract suite itself: it passes against the mock, and its parts behave."""
