"""The packed columns of a habit's log and the blobs they are stored in."""
