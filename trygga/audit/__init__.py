"""The append-only audit log: every change, and every read of protected data."""
