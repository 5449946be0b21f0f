"""Where a figure of an import stops being plausible: the thresholds of :mod:`geo.ingest.plausible`.

Examples
--------
>>> Thresholds().max_activations_per_hour
40
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from geo.config import Settings

__all__ = ["Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """Where a figure stops being plausible (above the threshold, the row is flagged).

    The defaults follow from how the teams work. Guiding one citizen through installing the
    VNeID application and activating a level-2 account (photo, reading the chip of the ID card,
    checks) takes an officer about 5 minutes, so an officer working without a pause activates
    at most 60 / 5 = **12 accounts an hour**. The pilot's teams had 1 or 2 officers (13 in 7
    teams), so a visit activating more than **40 an hour** (more than three officers at full
    pace, all evening) is far above what a team achieves. An evening lasts 3.5 hours
    (18:00–21:30); 40 an hour all evening is 140, so a single visit above **500** activations
    (a whole school day included) is more likely a typing error (an extra zero) than a record.
    One team activating more than **1,500** accounts on one date would need 125 officer-hours
    at full pace; the whole pilot activated 1,923 in a month. A commune's population, eligible
    citizens or quota more than **1.2 times** its 2019 census population is more than growth
    since 2019 explains: more likely the wrong commune or an extra digit.

    Attributes
    ----------
    max_activations_per_hour : int
        Most activations per hour of a visit (from its start and end), when the team's number of
        officers is unknown (``VNEID_MAX_ACTIVATIONS_PER_HOUR``).
    max_activations_per_officer_hour : int
        Most activations per officer and hour, when it is known
        (``VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR``).
    max_activations_per_visit : int
        Most activations in one row (``VNEID_MAX_ACTIVATIONS_PER_VISIT``).
    max_activations_per_team_evening : int
        Most activations of one team on one date, summed over the file
        (``VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING``).
    max_target_ratio : float
        Most population, eligible citizens or quota of a commune, as a multiple of its 2019
        census population (``VNEID_MAX_TARGET_RATIO``).
    """

    max_activations_per_hour: int = 40
    max_activations_per_officer_hour: int = 12
    max_activations_per_visit: int = 500
    max_activations_per_team_evening: int = 1_500
    max_target_ratio: float = 1.2

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        """Take the thresholds from the app's settings.

        Parameters
        ----------
        settings : Settings
            The run-time configuration (:func:`geo.config.load_settings`).

        Returns
        -------
        Thresholds
            The settings' thresholds.

        Examples
        --------
        >>> from geo.config import load_settings
        >>> limits = Thresholds.from_settings(load_settings({"VNEID_MAX_TARGET_RATIO": "1,5"}))
        >>> limits.max_target_ratio, limits.max_activations_per_hour
        (1.5, 40)
        """
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})
