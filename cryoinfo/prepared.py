"""
Queries whose SQL is worked out once per process and then run with new values.

On this site a small query costs about 1 ms of Python to build and compile and 0.1 ms in
the database, so a page of six small queries spends most of its time turning querysets
into SQL it has produced many times before. SQLAlchemy caches compiled statements for the
same reason; Django does not, so the pages read most often do it here:

    @prepared
    def related_stories(indication_ids):
        return Story.objects.public().about(indication_ids).for_cards()[:3]

    related_stories([1, 2])  # a list of Story instances

The function is called once per shape of its arguments (which are integers, strings,
dates, datetimes, or lists of them; a list's length is part of its shape) with stand-in
values, and its queryset compiled. Later calls put the real values where the stand-ins
were and load rows through Django's own iterables, so select_related, only(), converters
and the queryset's own hooks work as usual; the result is a list.

It refuses, when first compiled, a query it cannot reuse safely: one whose SQL or other
parameters change from one build to the next (it read the clock, say: pass the time in
instead), or an argument that does not reach the SQL as a plain parameter (a lookup such
as iexact or icontains rewrites it; string stand-ins hold the characters LIKE escapes, so
any rewriting shows). A naive datetime is refused when USE_TZ is on. A query Django finds
empty from the stand-ins alone (an empty list, or an int beyond a narrow column's range)
is not kept: such calls run their queryset the ordinary way.

What it cannot see, the function must not do: branch on its arguments' values rather
than their shape, or read anything while building the query that could change later
(timezone.localdate(), another query's result). The two builds use different stand-ins
a moment apart; a value read from elsewhere that does not change in that moment would be
kept for the life of the process.
"""

import copy
import datetime
import functools
import itertools
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.utils import timezone

_stand_in_numbers = itertools.count(1)
# Shapes kept per function. Lists of ids take one per length, bounded by page sizes;
# past this a call runs its queryset the ordinary way rather than keep more.
MAX_PLANS = 64
_INT64 = range(-(2**63), 2**63)


class PreparedQueryError(Exception):
    """The function's query cannot be compiled once and reused."""


def _stand_in(value, number: int):
    """A value of the same kind as `value` that no real query will contain."""
    if isinstance(value, bool) or value is None:
        raise TypeError("prepared queries take ints, strings, dates and datetimes")
    if isinstance(value, int):
        return 7_346_000_000_000 + number * 7919
    if isinstance(value, str):
        # With the characters LIKE-based lookups escape, so that they change it.
        return f"\x1f%_\\prepared stand-in {number}\x1f"
    if isinstance(value, datetime.datetime):
        stand_in = datetime.datetime(2999, 1, 1) + datetime.timedelta(seconds=number)
        return stand_in.replace(tzinfo=value.tzinfo)
    if isinstance(value, datetime.date):
        return datetime.date(2999, 1, 1) + datetime.timedelta(days=number)
    raise TypeError(f"prepared queries cannot take {type(value).__name__} values")


def _adapter(value, ops) -> Callable:
    """How the database layer turns a value of this kind into a query parameter."""
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value
    return lambda value: value


def _shape(args: tuple) -> tuple:
    return tuple(
        (len(arg), *(_kind(v) for v in arg)) if isinstance(arg, (list, tuple)) else _kind(arg)
        for arg in args
    )


def _kind(value):
    if isinstance(value, datetime.datetime):
        if settings.USE_TZ and timezone.is_naive(value):
            # The field would read it in the current time zone; the SQL has no such step.
            raise TypeError("prepared queries take aware datetimes when USE_TZ is on")
        return ("datetime", value.tzinfo is not None)
    return type(value)


def _flatten(args: tuple) -> list:
    return [v for arg in args for v in (arg if isinstance(arg, (list, tuple)) else (arg,))]


def _rebuild(args: tuple, flat: list) -> tuple:
    values = iter(flat)
    return tuple(
        [next(values) for _ in arg] if isinstance(arg, (list, tuple)) else next(values)
        for arg in args
    )


class _Plan:
    """One compiled query: SQL, and where each argument goes among its parameters."""

    def __init__(self, build: Callable, args: tuple):
        flat = _flatten(args)
        first, second = (self._compile(build, args, flat) for _ in range(2))
        if first[2:] != second[2:]:
            raise PreparedQueryError(
                f"{build.__qualname__} builds a different query each time: does it read "
                "the clock or other state? Pass such values in as arguments."
            )
        self.queryset, self.compiler, self.sql, self.constants, self.slots = first
        # Empty because of the stand-ins (an int beyond a narrow column's range, say) or
        # of an empty list: either way not the real values' answer to keep.
        self.usable = self.sql is not None
        self.adapters = [_adapter(value, self.compiler.connection.ops) for value in flat]

    @staticmethod
    def _compile(build: Callable, args: tuple, flat: list):
        stand_ins = [_stand_in(value, next(_stand_in_numbers)) for value in flat]
        queryset = build(*_rebuild(args, stand_ins))
        if not isinstance(queryset, QuerySet):
            raise PreparedQueryError(f"{build.__qualname__} must return a queryset")
        compiler = queryset.query.get_compiler(using=queryset.db)
        ops = compiler.connection.ops
        where = {
            _adapter(value, ops)(stand_in): index
            for index, (value, stand_in) in enumerate(zip(flat, stand_ins, strict=True))
        }
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        constants, slots = [], []
        for param in params:
            index = where.get(param) if isinstance(param, (int, str, datetime.date)) else None
            slots.append(index)
            constants.append(None if index is not None else param)
        if sql is not None and set(slots) - {None} != set(range(len(flat))):
            raise PreparedQueryError(
                f"{build.__qualname__}: an argument does not reach the SQL as a parameter "
                "of its own (a lookup such as icontains rewrites it)."
            )
        return queryset, compiler, sql, tuple(constants), tuple(slots)

    def params(self, flat: list) -> tuple:
        adapted = [adapt(value) for adapt, value in zip(self.adapters, flat, strict=True)]
        return tuple(
            constant if slot is None else adapted[slot]
            for constant, slot in zip(self.constants, self.slots, strict=True)
        )


class _BoundQuery(Query):
    """The template query, answering with the cached SQL and this call's parameters."""

    def __init__(self, plan: _Plan, params: tuple):  # a copy: not Query.__init__
        self.__dict__.update(plan.queryset.query.__dict__)
        self._plan, self._params = plan, params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self._plan.compiler)
        compiler.connection = connection or connections[using]
        sql, params = self._plan.sql, self._params
        compiler.as_sql = functools.partial(_as_sql, sql, params)
        return compiler

    def chain(self, klass=None):
        raise TypeError("a prepared query cannot be refined; change its function instead")

    clone = chain


def _as_sql(sql, params, *args, **kwargs):
    return sql, params


def prepared(build: Callable) -> Callable[..., list]:
    """Compile `build`'s queryset once per shape of its arguments; see the module's notes."""
    plans: dict[tuple, _Plan] = {}

    @functools.wraps(build)
    def run(*args) -> list:
        shape = _shape(args)
        plan = plans.get(shape)
        if plan is None:
            if len(plans) >= MAX_PLANS:
                return list(build(*args))
            plan = plans[shape] = _Plan(build, args)
        flat = _flatten(args)
        if not plan.usable or any(
            type(v) is int and not _INT64.start <= v < _INT64.stop for v in flat
        ):
            # Django answers an id no column could hold with no rows, and no query; put
            # into the SQL, the database would refuse it.
            return list(build(*args))
        template = plan.queryset
        queryset = template.__class__.__new__(template.__class__)
        queryset.__dict__.update(template.__dict__)
        # Not through the `query` setter, which would change how values() rows load.
        queryset._query = _BoundQuery(plan, plan.params(flat))
        return list(queryset)

    run.plans = plans
    return run
