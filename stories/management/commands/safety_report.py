"""How the crisis-language check has done, pattern by pattern, by moderators' verdicts."""

from collections import Counter

from django.core.management.base import BaseCommand

from stories.models import SafetyVerdict
from stories.safety import PATTERNS


class Command(BaseCommand):
    help = (
        "For each pattern of the crisis-language check, how many of its matches moderators "
        "judged a crisis or a false alarm, and how many crises it missed. Read it before "
        "adding or narrowing a pattern in stories/safety.py."
    )

    def handle(self, *args, **options):
        crisis: Counter[str] = Counter()
        false_alarm: Counter[str] = Counter()
        missed = 0
        for verdict, keys in SafetyVerdict.objects.values_list("verdict", "pattern_keys"):
            if not keys:
                missed += verdict == SafetyVerdict.Verdict.CRISIS
                continue
            counter = crisis if verdict == SafetyVerdict.Verdict.CRISIS else false_alarm
            counter.update(set(keys))
        width = max(len(pattern.key) for pattern in PATTERNS)
        self.stdout.write(f"{'pattern'.ljust(width)}  crisis  false alarm")
        known = {pattern.key for pattern in PATTERNS}
        for key in [pattern.key for pattern in PATTERNS] + sorted(
            (set(crisis) | set(false_alarm)) - known
        ):
            note = "" if key in known else "  (no longer in the list)"
            self.stdout.write(f"{key.ljust(width)}  {crisis[key]:6}  {false_alarm[key]:11}{note}")
        self.stdout.write(
            f"\nCrises the check missed: {missed}. The admin lists them under Safety "
            "verdicts (This was a crisis, patterns matched: none)."
        )
