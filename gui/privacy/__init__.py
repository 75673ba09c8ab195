"""Personal data in the window: the basis warning on the card, the card's Personal data tab, the
view-log screen and the basis fields of the new-family form (rules live in services/privacy.py)."""
