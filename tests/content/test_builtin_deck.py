"""The built-in deck ships whole: parseable, big enough, every topic covered.

Its code is checked in test_deck_code.py."""

from __future__ import annotations

import re

from studyapp.content.deck_format import read_deck_dir
from studyapp.paths import builtin_decks_dir

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
    "Software design",
    "LLM integration",
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
    # second edition: one per subject issue 18 names
    "api.http-methods",
    "api.pagination",
    "api.versioning",
    "api.errors",
    "api.openapi",
    "sd.rate-limiter",
    "sd.url-shortener",
    "sd.caching-layers",
    "sd.queues",
    "sd.scaling-python-web",
    "dsa.bigo-builtins",
    "celery.retries",
    "celery.idempotency",
    "celery.acks-late",
    "celery.beat",
    "celery.brokers",
    "kafka.basics",
    "sec.owasp-top10",
    "sec.ssrf",
    "sec.access-control",
    "sec.jwt-vs-sessions",
    "sec.oauth2-oidc",
    "sec.cors",
    "sec.secrets",
    "obs.structured-logging",
    "obs.metrics",
    "obs.opentelemetry",
    "obs.slo",
    "fe.typescript",
    "fe.react-hooks",
    "fe.event-loop",
    "fe.fetch",
    "fastapi.dependencies",
    "fastapi.lifespan",
    "fastapi.pydantic-v2",
    "fastapi.async-sqlalchemy",
    "fastapi.testing",
    "python.match",
    "python.pep695-generics",
    "python.free-threading",
    "python.jit",
    "python.deferred-annotations",
    "ci.gha-basics",
    "python.pyproject",
    "python.uv",
    "ci.supply-chain",
    "sqla.two-style",
    "sqla.alembic",
    "design.solid",
    "design.dependency-injection",
    "design.service-layer",
    "python.cprofile",
    "python.py-spy",
    "python.memory-profiling",
    "llm.api-basics",
    "llm.pgvector",
    "llm.prompt-injection",
    "star.method",
)


def test_the_deck_is_whole_and_covers_every_topic() -> None:
    deck = read_deck_dir(builtin_decks_dir())
    assert deck.question_count >= 330
    assert [topic.title for topic in deck.topics] == list(REQUIRED_TOPICS)
    keys = [question.key for _path, question in deck.questions()]
    assert len(keys) == len(set(keys))
    assert set(REQUIRED_QUESTIONS) <= set(keys)
    for _path, question in deck.questions():
        assert question.answer_md.strip(), question.key
        assert len(question.answer_md) < 4000, f"{question.key} is too long to say aloud"


FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
BLOCK_START = re.compile(r"^(\s*[-*+]\s|\s*\d+[.)]\s|\||```|~~~|>|#)")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def prose_words(answer: str) -> int:
    """Words outside code fences and table rows: what a candidate would say."""
    lines = FENCE.sub("", answer).split("\n")
    return sum(len(line.split()) for line in lines if not line.lstrip().startswith("|"))


def test_every_answer_opens_with_a_short_answer_and_stays_sayable() -> None:
    """CONTENT.md: the first paragraph is one to three sentences a candidate can say aloud;
    the rest stays within about 250 words of prose."""
    problems = []
    for _path, question in read_deck_dir(builtin_decks_dir()).questions():
        first = question.answer_md.strip().split("\n\n")[0].strip()
        if BLOCK_START.match(first) or first.endswith(":"):
            problems.append(f"{question.key}: opens with a list, table, code or a lead-in")
        elif len(first.split()) > 75 or len(SENTENCE_END.findall(first)) > 3:
            problems.append(f"{question.key}: the short answer is too long to say aloud")
        if prose_words(question.answer_md) > 260:
            problems.append(f"{question.key}: more than about 250 words of prose")
    assert problems == []


def test_the_shape_check_catches_a_missing_short_answer() -> None:
    assert BLOCK_START.match("- a list first")
    assert BLOCK_START.match("| a | table |")
    assert BLOCK_START.match("```python")
    assert not BLOCK_START.match("**Bold** opening sentence.")
    assert prose_words("one two\n```python\nx = 1\n```\n| a | b |\nthree") == 3
