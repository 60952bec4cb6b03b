"""Command modules: each module here defines ``register(app: typer.Typer)``
adding its commands to the ``parallax`` CLI (serve, batch, watch,
audit-symmetry, ...). ``parallax.cli`` registers every module it finds, so
a new command never has to edit the core CLI file."""
