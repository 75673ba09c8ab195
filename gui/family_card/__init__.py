"""The family card: one window per family, its header, stage and tabs."""
