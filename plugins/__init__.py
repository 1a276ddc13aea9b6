"""Built-in plugins: each package registers its triggers, actions and commands in setup()."""
