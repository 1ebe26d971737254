"""How far a campaign has come: registered → screened → confirmed → indicated → operated → followed up, per
commune and in total, in one query whatever the number of children.

The counts name nobody, so reading them is not recorded and every role may see them for its own area.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from hoanhap.campaigns.models import Campaign, Registration
from hoanhap.core.scope import Viewer

STAGES = ("registered", "screened", "confirmed", "indicated", "operated", "followed_up")


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ProgressRow:
    commune_code: str
    commune_name: str
    registered: int = 0
    screened: int = 0
    confirmed: int = 0
    indicated: int = 0
    operated: int = 0
    followed_up: int = 0

    @property
    def screened_share(self) -> Decimal | None:
        """Screened, as a percentage of the registered."""
        return share(self.screened, self.registered)

    @property
    def operated_share(self) -> Decimal | None:
        """Operated, as a percentage of those a surgeon indicated (the plan's target is 100 %)."""
        return share(self.operated, self.indicated)


@dataclass(frozen=True)
class CampaignProgress:
    communes: list[ProgressRow]
    total: ProgressRow


def campaign_progress(*, viewer: Viewer, campaign: Campaign) -> CampaignProgress:
    """The funnel for the communes of the campaign in the viewer's scope that have registered children."""
    counts = (
        Registration.objects.filter(viewer.scope.q("unit_path"), campaign=campaign)
        .values("commune__code", "commune__name")
        .annotate(
            # Distinct: the join to the follow-ups repeats a child once per follow-up.
            registered=Count("pk", distinct=True),
            screened=Count("pk", filter=Q(result__isnull=False), distinct=True),
            confirmed=Count("pk", filter=Q(result__condition_confirmed=True), distinct=True),
            indicated=Count("pk", filter=Q(result__surgery_indicated=True), distinct=True),
            operated=Count("pk", filter=Q(surgery__isnull=False), distinct=True),
            followed_up=Count("pk", filter=Q(follow_ups__isnull=False), distinct=True),
        )
        .order_by("commune__name", "commune__code")
    )
    communes = [
        ProgressRow(
            commune_code=row["commune__code"],
            commune_name=row["commune__name"],
            registered=row["registered"],
            screened=row["screened"],
            confirmed=row["confirmed"],
            indicated=row["indicated"],
            operated=row["operated"],
            followed_up=row["followed_up"],
        )
        for row in counts
    ]
    total = ProgressRow(
        commune_code="",
        commune_name="",
        **{stage: sum(getattr(row, stage) for row in communes) for stage in STAGES},
    )
    return CampaignProgress(communes=communes, total=total)
