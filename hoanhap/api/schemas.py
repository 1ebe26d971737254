from datetime import date

from ninja import Schema


class TokenRequest(Schema):
    username: str
    password: str
    otp: str | None = None
    name: str = "API"


class TokenResponse(Schema):
    token: str
    name: str
    username: str


class UnitRef(Schema):
    code: str
    name: str
    edition: str
    type: str


class UnitOut(Schema):
    code: str
    name: str
    edition: str
    type: str
    tier: str
    level: int
    parent: UnitRef | None
    valid_from: date | None
    valid_to: date | None
    latitude: float | None
    longitude: float | None


class SuccessionOut(Schema):
    unit: UnitRef
    is_split: bool
    effective_date: date


class UnitDetailOut(UnitOut):
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]


class ErrorOut(Schema):
    code: str
    detail: str
