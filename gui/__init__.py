"""The PySide6 window. Talks to ``services`` only, through jobs off the GUI thread."""
