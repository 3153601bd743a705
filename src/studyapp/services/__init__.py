"""The use cases the window calls (DESIGN §2): plain Python, no Qt.

`Services` (services/app.py) is created on the database worker when the collection opens and
is the only object the window's worker jobs receive. It owns the worker-side state — the open
collection with its study queue, undo stack and count caches — and the renderer (given once,
with the theme). Each use case returns a record that names what changed (`Changes`), so each
view refreshes only what it shows of it.

    study        the session: scope, next question, grade, bookmark, undo, counts, and the
                 end-of-session summary
    content      imports, the built-in deck, study settings, export
    maintenance  back up, check, restore

Search, statistics screens and Anki packages get their own modules here (search.py,
stats.py, packages.py) when they land; nothing else may reach the collection from the
window.
"""
