"""Typed SQLAlchemy 2 models for every table of DESIGN §4.

Times are stored as integer milliseconds since the Unix epoch, in UTC: compact, index-friendly,
and compared as plain integers by the due-count queries that run on every refresh.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from studyapp.store.uid import new_uid

APPLICATION_ID = 0x53747564  # "Stud": marks a SQLite file as ours (PRAGMA application_id)


def to_millis(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: StudyApp stores only timezone-aware UTC times")
    return int(moment.timestamp() * 1000)


def from_millis(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


class UtcMillis(TypeDecorator[datetime]):
    """An aware datetime in Python, integer UTC milliseconds in SQLite."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        return None if value is None else to_millis(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:
        return None if value is None else from_millis(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcMillis}


def _uid_column() -> Mapped[str]:
    # A globally unique UUIDv7 (RFC 9562): what a sync or an export names a row by, since the
    # integer ids are local to this file.
    return mapped_column(String, unique=True, default=new_uid)


class Source(Base):
    """One imported file or built-in deck, so that importing it again updates in place."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = _uid_column()
    key: Mapped[str] = mapped_column(String, unique=True)
    name: Mapped[str]
    kind: Mapped[str]
    path: Mapped[str | None]
    content_hash: Mapped[str]
    imported_at: Mapped[datetime]

    topics: Mapped[list[Topic]] = relationship(back_populates="source", passive_deletes=True)
    questions: Mapped[list[Question]] = relationship(back_populates="source", passive_deletes=True)


class Topic(Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = _uid_column()
    # No ON DELETE CASCADE anywhere from topics or questions into history: they are
    # soft-deleted (deleted_at), and a row that is gone must never take reviews with it.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    title: Mapped[str]
    position: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[datetime | None]

    parent: Mapped[Topic | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[Topic]] = relationship(back_populates="parent")
    source: Mapped[Source | None] = relationship(back_populates="topics")
    questions: Mapped[list[Question]] = relationship(back_populates="topic")


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (
        UniqueConstraint("source_id", "external_key", name="uq_question_source_key"),
        # Partial: the questions in study, which every count and queue reads; covering, so
        # counting a topic never touches the rows that hold the text.
        Index(
            "ix_question_active",
            "topic_id",
            "source_id",
            "position",
            sqlite_where=text("retired_at IS NULL AND suspended_at IS NULL AND deleted_at IS NULL"),
        ),
        Index("ix_question_deck_order", "source_id", "position"),
        Index("ix_question_flagged", "flagged_at", sqlite_where=text("flagged_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = _uid_column()
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    external_key: Mapped[str]
    prompt_md: Mapped[str] = mapped_column(Text)
    answer_md: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    tags: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Changed in the app: a deck update or re-import must not overwrite it silently.
    edited_at: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]  # left its deck
    suspended_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # "Flag for fixing": the note says what is wrong with it.
    flagged_at: Mapped[datetime | None]
    flag_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    topic: Mapped[Topic] = relationship(back_populates="questions")
    source: Mapped[Source | None] = relationship(back_populates="questions")
    card_state: Mapped[CardState | None] = relationship(back_populates="question")
    reviews: Mapped[list[ReviewLog]] = relationship(back_populates="question")
    bookmark: Mapped[Bookmark | None] = relationship(back_populates="question")


class CardState(Base):
    """FSRS memory state of a question; no row means the question is new."""

    __tablename__ = "card_state"
    __table_args__ = (Index("ix_card_state_due", "due", "question_id"),)

    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]

    question: Mapped[Question] = relationship(back_populates="card_state")


class ReviewKind:
    REVIEW = "review"
    REVERT = "revert"  # cancels the review named by reverts_id (an undo)
    RESET = "reset"  # "reset progress": the question is new again from here on


class ReviewLog(Base):
    """Append-only (triggers refuse UPDATE and DELETE): undo and reset add entries.

    Each entry keeps the state before it, so undo restores it exactly and a replay of the
    log rebuilds card_state. `rating` is 0 on revert and reset entries.
    """

    __tablename__ = "review_log"
    __table_args__ = (
        Index("ix_review_log_question", "question_id", "reviewed_at"),
        Index(
            "ix_review_log_reverts",
            "reverts_id",
            unique=True,
            sqlite_where=text("reverts_id IS NOT NULL"),
        ),
        # Never reuse an id, even in files made before the log was append-only.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = _uid_column()
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    kind: Mapped[str] = mapped_column(String, default=ReviewKind.REVIEW)
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("review_log.id"))
    device_id: Mapped[str] = mapped_column(String, default="")
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(index=True)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    was_new: Mapped[bool]
    prev_state: Mapped[int | None] = mapped_column(Integer)
    prev_step: Mapped[int | None]
    prev_stability: Mapped[float | None] = mapped_column(Float)
    prev_difficulty: Mapped[float | None] = mapped_column(Float)
    prev_due: Mapped[datetime | None]
    prev_last_review: Mapped[datetime | None]

    question: Mapped[Question] = relationship(back_populates="reviews")


class Bookmark(Base):
    __tablename__ = "bookmark"

    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    created_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="bookmark")


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
