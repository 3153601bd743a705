"""The study domain: scheduling, reviews, bookmarks, queues and statistics. No Qt here."""
