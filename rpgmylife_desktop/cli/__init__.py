"""The `rpgmylife` command line: one module per command group."""
