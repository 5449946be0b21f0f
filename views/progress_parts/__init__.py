"""Parts of the progress page (``views/progress.py``): the meeting pack, a ``render``."""
