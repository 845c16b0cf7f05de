"""Logins of the app's users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import User


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *rows: User) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def by_login(self, login: str) -> User | None:
        return self.session.scalar(select(User).where(User.login == login))
