"""Accounts: pseudonymous members, their handles, sign-in security and personal access tokens."""
