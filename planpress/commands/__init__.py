"""Sub-commands of the `planpress` command line."""
