"""Unit tests for chokepoints, one module per package module."""
