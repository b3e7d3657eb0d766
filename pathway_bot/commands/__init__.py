"""The `pathway-bot` command's subcommands: a transport, like the API and the web chat."""
