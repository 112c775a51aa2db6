"""Moving history between computers: bundles, merge, CSV and imports. No Qt."""
