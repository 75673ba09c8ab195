"""Entities, value objects and business rules of Qandas. Standard library only."""
