"""The Import screen: check a legacy Excel register row by row, import it, undo a batch."""
