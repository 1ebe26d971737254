"""Writes on accounts: users, their units, their tokens and their second factor. All audited."""
