"""The form kit every form and dialog is built from (see README.md in this folder)."""
