"""The fixed answers a post's form and a moderator's decision choose from."""

from django.db import models


class Kind(models.TextChoices):
    PATIENT = "patient", "Patient story"
    DOCTOR = "doctor", "Doctor insight"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class Approach(models.TextChoices):
    PERCUTANEOUS = "percutaneous", "Through the skin (needle)"
    KEYHOLE = "keyhole", "Keyhole surgery"
    OPEN = "open", "Open surgery"
    UNSURE = "unsure", "Not sure"


class Anaesthesia(models.TextChoices):
    GENERAL = "general", "General anaesthetic (asleep)"
    SEDATION = "sedation", "Sedation"
    LOCAL = "local", "Local anaesthetic only"
    UNSURE = "unsure", "Not sure"


class RejectReason(models.TextChoices):
    ADVICE = "advice", "Gives medical advice to others"
    PROMOTION = "promotion", "Promotes a product, clinic or practitioner"
    PRIVACY = "privacy", "Shares someone else's private details"
    OFF_TOPIC = "off_topic", "Not about cryoablation"
    ABUSE = "abuse", "Abusive, hateful or unlawful"
    OTHER = "other", "Another reason (explained below)"
