"""Help menu: the keyboard shortcut list and a short user guide bundled per language."""
