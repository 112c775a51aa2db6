"""The checksummed, append-only event log: framing, recovery, locking, snapshots."""
