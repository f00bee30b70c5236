"""Stories shared by migrants: private submissions and the consent they were given under.

A Submission is never a Wagtail page, has no revisions and is not indexed: its
personal fields are encrypted at rest and erased on withdrawal (services/submissions.py).
"""

from .consent import ConsentText, Scope, hash_token
from .search_entry import StorySearchEntry
from .story import PLAIN_TEXT_FIELDS, Story, StoryPhoto, StoryQuerySet
from .submission import Submission, SubmissionQuerySet

__all__ = [
    "ConsentText",
    "PLAIN_TEXT_FIELDS",
    "Scope",
    "Story",
    "StoryPhoto",
    "StoryQuerySet",
    "StorySearchEntry",
    "Submission",
    "SubmissionQuerySet",
    "hash_token",
]
