"""Host mode: one PC of a centre serves the register to the others (docs/host-mode.md).

``host`` makes and runs the server on the host PC, ``client`` remembers how another PC reaches
it, ``autostart`` starts the server again at sign-in, ``network_drive`` refuses an SQLite file
on a share.
"""
