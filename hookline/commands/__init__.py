"""One module per `hookline` command; the CLI discovers them."""
