"""Peers timed outside hotops-bench (PyTorch on the device), written as hotops results."""
