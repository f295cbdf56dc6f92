"""Quality gates over the shared corpus."""
