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
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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


class Source(Base):
    """One imported file or built-in deck, so that importing it again updates in place."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
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
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    title: Mapped[str]
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Topic | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[Topic]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", passive_deletes=True
    )
    source: Mapped[Source | None] = relationship(back_populates="topics")
    questions: Mapped[list[Question]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", passive_deletes=True
    )


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (
        UniqueConstraint("source_id", "external_key", name="uq_question_source_key"),
        Index("ix_question_topic_active", "topic_id", "retired_at", "position"),
        Index("ix_question_deck_order", "source_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    external_key: Mapped[str]
    prompt_md: Mapped[str] = mapped_column(Text)
    answer_md: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    tags: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]

    topic: Mapped[Topic] = relationship(back_populates="questions")
    source: Mapped[Source | None] = relationship(back_populates="questions")
    card_state: Mapped[CardState | None] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )
    reviews: Mapped[list[ReviewLog]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )
    bookmark: Mapped[Bookmark | None] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )


class CardState(Base):
    """FSRS memory state of a question; no row means the question is new."""

    __tablename__ = "card_state"
    __table_args__ = (Index("ix_card_state_due", "due", "question_id"),)

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]

    question: Mapped[Question] = relationship(back_populates="card_state")


class ReviewLog(Base):
    """Append-only; keeps the state before the review so that undo restores it exactly."""

    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_question", "question_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
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

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="bookmark")


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
