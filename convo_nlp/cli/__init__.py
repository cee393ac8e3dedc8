"""The ``convo`` command line: one thin file per command."""
