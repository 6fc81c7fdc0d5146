"""diversify.tui: the Textual terminal UI (``diversify tui``), built by ``app.make_app``.

Imported only by the ``tui`` command, never at CLI start-up, so ``diversify --help``
stays fast and does not load Textual.
"""
