"""Saving into the project's git repository, safely with concurrent requests (docs/web.md).

- locks.py: file locks (flock) under the state folder: one per document, one for git's refs.
- git.py: git plumbing with argument lists (never a shell), blob ids computed in Python.
- store.py: a save = compare the file with the base the form was edited from, write it, commit it
  with the signed-in person as author; a stale base is a Conflict carrying the other version.
"""
