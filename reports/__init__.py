"""PDF reports and Excel exports. Never imports Qt; never opens a session itself."""
