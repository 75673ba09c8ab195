"""The worker's session: sign-in language, the account menu, the idle lock, the database named in words."""
