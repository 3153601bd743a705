"""The built-in deck ships whole: parseable, big enough, every topic covered, code compiles."""

from __future__ import annotations

import re

from studyapp.content.deck_format import read_deck_dir
from studyapp.paths import builtin_decks_dir

PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
REQUIRED_TOPICS = (
    "Introduction",
    "Python libraries and frameworks",
    "Python",
    "Django",
    "CI/CD",
    "Git",
    "AWS",
    "Databases",
    "Data warehousing",
    "Go",
    "REST and HTTP APIs",
    "System design",
    "Data structures and algorithms",
    "Celery and task queues",
    "Security",
    "Observability",
    "Frontend",
    "FastAPI",
)
REQUIRED_QUESTIONS = (
    # one id per subject CONTENT.md names, so that a lost answer fails loudly
    "intro.why-change",
    "pylib.requests",
    "pylib.beautiful-soup",
    "pylib.numpy",
    "pylib.scipy",
    "pylib.matplotlib",
    "pylib.ipython",
    "pylib.sympy",
    "pylib.pandas",
    "pylib.scikit-learn",
    "pylib.re",
    "django.vs-flask-fastapi",
    "python.list-vs-tuple",
    "python.append-vs-extend",
    "python.collections-compared",
    "python.pickling",
    "python.lambda",
    "python.range-xrange",
    "python.copy-vs-deepcopy",
    "python.oop-principles",
    "python.py2-to-py3",
    "python.venv",
    "python.generators",
    "python.concurrency-models",
    "python.gil",
    "django.request-flow",
    "django.project-structure",
    "django.migrations",
    "django.drf-serializers",
    "django.models",
    "django.sessions",
    "django.authentication",
    "django.middleware",
    "django.select-vs-prefetch",
    "django.orm-vs-sqlalchemy",
    "django.multiple-databases",
    "django.testing",
    "ci.what-is-ci-cd",
    "ci.jenkins-pipeline",
    "ci.kubernetes-objects",
    "ci.cloudformation-vs-terraform",
    "ci.branching-strategies",
    "git.commit-vs-push",
    "git.fetch-vs-pull",
    "git.merge-vs-rebase",
    "aws.boto3-client-vs-resource",
    "aws.boto3-waiters",
    "aws.boto3-paginators",
    "aws.lambda-layers",
    "aws.lambda-performance",
    "aws.glue",
    "aws.sqs-sns-ses",
    "aws.emr",
    "db.normalization",
    "db.bcnf-4nf",
    "db.relationships",
    "db.truncate-delete-drop",
    "db.union-vs-union-all",
    "db.keys",
    "db.procedures-vs-functions",
    "db.indexing",
    "db.joins",
    "db.views",
    "db.mongodb",
    "db.redis-caching",
    "dw.what-is",
    "dw.oltp-vs-olap",
    "dw.star-vs-snowflake",
    "dw.etl-vs-elt",
    "go.goroutines-channels",
    "go.go-kit",
    "go.cobra",
    "go.gorm",
    "go.ginkgo",
)


def test_the_deck_is_whole_and_covers_every_topic() -> None:
    deck = read_deck_dir(builtin_decks_dir())
    assert deck.question_count >= 150
    assert [topic.title for topic in deck.topics] == list(REQUIRED_TOPICS)
    keys = [question.key for _path, question in deck.questions()]
    assert len(keys) == len(set(keys))
    assert set(REQUIRED_QUESTIONS) <= set(keys)
    for _path, question in deck.questions():
        assert question.answer_md.strip(), question.key
        assert len(question.answer_md) < 4000, f"{question.key} is too long to say aloud"


def test_every_python_block_compiles() -> None:
    deck = read_deck_dir(builtin_decks_dir())
    blocks = 0
    for _path, question in deck.questions():
        for match in PYTHON_FENCE.finditer(question.answer_md):
            compile(match.group(1), f"{question.key}.py", "exec")
            blocks += 1
    assert blocks >= 30
